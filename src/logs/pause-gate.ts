import type { Readable } from 'node:stream';

/**
 * Back-pressure for a program's pipes: while anything blocks the gate (a log file with too
 * much unwritten data, a `lines()` consumer that fell behind), every attached pipe is paused,
 * so the child blocks in write() instead of the host buffering without bound. When the last
 * blocker is released, the pipes resume.
 */
export class PauseGate {
  /** Made at the first block: most programs never block. */
  #blockers: Set<object> | undefined;
  /** A list, not a Set: a program reads two pipes at a time (a Set costs ~150 bytes). */
  #readers: readonly Readable[] = [];

  get blocked(): boolean {
    return (this.#blockers?.size ?? 0) > 0;
  }

  block(key: object): void {
    this.#blockers ??= new Set();
    if (this.#blockers.has(key)) return;
    this.#blockers.add(key);
    if (this.#blockers.size === 1) for (const reader of this.#readers) reader.pause();
  }

  unblock(key: object): void {
    if (!this.#blockers?.delete(key) || this.#blockers.size > 0) return;
    for (const reader of this.#readers) reader.resume();
  }

  /** Starts controlling a pipe (paused at once when the gate is blocked). */
  add(reader: Readable): void {
    if (!this.#readers.includes(reader)) this.#readers = this.#readers.concat(reader);
    if (this.blocked) reader.pause();
  }

  delete(reader: Readable): void {
    if (this.#readers.includes(reader)) this.#readers = this.#readers.filter((r) => r !== reader);
  }
}
