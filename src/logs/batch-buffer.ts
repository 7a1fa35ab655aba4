/**
 * Joins queued buffers into one write, reusing one allocation from write to write. A fresh
 * Buffer.concat per write costs more than the copy itself: every large allocation is new
 * memory that the kernel must fault in and zero, page by page. The joined Buffer is valid until
 * the next join(); the caller joins again only once the previous write is done (and takes a
 * new BatchBuffer when it abandons a write in progress).
 */
export class BatchBuffer {
  readonly #maxReuseBytes: number;
  #buffer: Buffer | undefined;

  constructor(maxReuseBytes = 4 * 1024 * 1024) {
    this.#maxReuseBytes = maxReuseBytes;
  }

  join(parts: readonly Buffer[], total: number): Buffer {
    if (parts.length === 1) return parts[0] as Buffer;
    if (total > this.#maxReuseBytes) return Buffer.concat(parts, total);
    if (!this.#buffer || this.#buffer.length < total) {
      this.#buffer = Buffer.allocUnsafeSlow(
        Math.min(this.#maxReuseBytes, Math.max(total, 2 * (this.#buffer?.length ?? 0))),
      );
    }
    let offset = 0;
    for (const part of parts) offset += part.copy(this.#buffer, offset);
    return this.#buffer.subarray(0, total);
  }

  /** Lets the allocation go (when the file is idle: no memory is held between bursts). */
  release(): void {
    this.#buffer = undefined;
  }
}
