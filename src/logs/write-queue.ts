/** The first allocation of a queue; it doubles from there as a burst needs. */
const FIRST_BYTES = 64 * 1024;
/** Released buffers kept for the next queue that grows, at most this many bytes in all. */
const POOL_BYTES = 8 * 1024 * 1024;

/**
 * Buffers of idle queues (sizes are powers of two), shared by every log file of the host: a
 * file that goes idle between bursts gives its buffers back and takes them again at the
 * next burst, instead of a new allocation each time (each one new memory V8 counts towards
 * its next full collection).
 */
const pool: Buffer[] = [];
let pooledBytes = 0;

function acquire(bytes: number): Buffer {
  let best = -1;
  for (let i = 0; i < pool.length; i++) {
    const size = (pool[i] as Buffer).length;
    if (size >= bytes && (best < 0 || size < (pool[best] as Buffer).length)) best = i;
  }
  if (best < 0) return Buffer.allocUnsafeSlow(2 ** Math.ceil(Math.log2(bytes)));
  const [buffer] = pool.splice(best, 1) as [Buffer];
  pooledBytes -= buffer.length;
  return buffer;
}

function giveBack(buffer: Buffer | undefined): void {
  if (!buffer || pooledBytes + buffer.length > POOL_BYTES) return;
  pool.push(buffer);
  pooledBytes += buffer.length;
}

/**
 * The bytes queued for one log file, copied in as they arrive into one of two buffers that
 * are reused from write to write (double buffering: one is being written while the other
 * fills). Nothing the pipes read is held after the call that queued it, so the read chunks
 * die young: holding them until a batch is joined got them promoted to the old generation,
 * and their bytes then cost a full mark-compact every few MiB of output. One copy per byte,
 * as the join of a list of chunks was; a timestamp is written straight into the queue.
 *
 * A batch taken with take() is valid until the next take() (the file has one write in
 * flight at a time); abandon() forgets it when a write in flight is given up on.
 */
export class WriteQueue {
  #current: Buffer | undefined;
  /** The other buffer: the one being written, once a batch was taken. */
  #spare: Buffer | undefined;
  #length = 0;

  /** Bytes queued. */
  get length(): number {
    return this.#length;
  }

  /** The queued bytes (a view, valid until the queue changes). */
  bytes(): Buffer {
    return (this.#current ?? Buffer.alloc(0)).subarray(0, this.#length);
  }

  append(region: Uint8Array): void {
    const out = this.room(region.length);
    out.set(region, this.#length);
    this.#length += region.length;
  }

  /** The buffer to write up to `bytes` more into, at offset `length`; then commit(). */
  room(bytes: number): Buffer {
    const need = this.#length + bytes;
    const current = this.#current;
    if (current && current.length >= need) return current;
    const grown = acquire(Math.max(need, FIRST_BYTES, 2 * (current?.length ?? 0)));
    if (current) current.copy(grown, 0, 0, this.#length);
    giveBack(current);
    this.#current = grown;
    return grown;
  }

  /** Bytes were written into room(): the queue now ends at `end`. */
  commit(end: number): void {
    this.#length = end;
  }

  /** Puts one newline before everything queued (a file left ending mid-line). */
  prependNewline(): void {
    const out = this.room(1);
    out.copyWithin(1, 0, this.#length);
    out[0] = 0x0a;
    this.#length++;
  }

  /** The first `bytes` queued as one batch; the rest stays queued (in the other buffer). */
  take(bytes: number): Buffer {
    const current = this.#current ?? Buffer.alloc(0);
    const rest = this.#length - bytes;
    let next = this.#spare;
    if (rest > 0 && (!next || next.length < rest)) {
      giveBack(next);
      next = acquire(Math.max(rest, FIRST_BYTES, current.length));
    }
    if (rest > 0) current.copy(next as Buffer, 0, bytes, this.#length);
    this.#current = next;
    this.#spare = current;
    this.#length = rest;
    return current.subarray(0, bytes);
  }

  /** A taken batch may still be in use by a write given up on: never reuse its buffer. */
  abandon(): void {
    this.#spare = undefined;
  }

  /** Drops what is queued. */
  clear(): void {
    this.#length = 0;
  }

  /** Gives both buffers back to the pool (the file is idle: it holds none between bursts). */
  release(): void {
    if (this.#length > 0) return;
    giveBack(this.#current);
    giveBack(this.#spare);
    this.#current = undefined;
    this.#spare = undefined;
  }
}
