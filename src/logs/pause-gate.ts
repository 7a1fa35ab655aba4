import type { Readable } from 'node:stream';

/**
 * Back-pressure for a program's pipes: while anything blocks the gate (a log file with too
 * much unwritten data, a `lines()` consumer that fell behind), every attached pipe is paused,
 * so the child blocks in write() instead of the host buffering without bound. When the last
 * blocker is released, the pipes resume.
 */
export class PauseGate {
  // Made at first use: most programs never block, and a program with no run reads no pipe.
  #blockers: Set<object> | undefined;
  #readers: Set<Readable> | undefined;

  get blocked(): boolean {
    return (this.#blockers?.size ?? 0) > 0;
  }

  block(key: object): void {
    this.#blockers ??= new Set();
    if (this.#blockers.has(key)) return;
    this.#blockers.add(key);
    if (this.#blockers.size === 1 && this.#readers)
      for (const reader of this.#readers) reader.pause();
  }

  unblock(key: object): void {
    if (!this.#blockers?.delete(key) || this.#blockers.size > 0) return;
    if (this.#readers) for (const reader of this.#readers) reader.resume();
  }

  /** Starts controlling a pipe (paused at once when the gate is blocked). */
  add(reader: Readable): void {
    this.#readers ??= new Set();
    this.#readers.add(reader);
    if (this.blocked) reader.pause();
  }

  delete(reader: Readable): void {
    this.#readers?.delete(reader);
  }
}
