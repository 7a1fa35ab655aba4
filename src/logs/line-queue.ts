import type { LineSince } from './line-wait.js';
import type { LogLine, LogStream } from './log-line.js';
import type { PauseGate } from './pause-gate.js';

/** Options of `lines()`. */
export interface LinesOptions {
  readonly stream?: LogStream;
  /** Keep waiting for new lines (true) or end after the buffered ones (false). @default true */
  readonly follow?: boolean;
  /** Ends the iteration. */
  readonly signal?: AbortSignal;
  /**
   * With follow: start with the lines still in the tail (`'tail'`), the current run's
   * (`'run'`), or only new ones (`'now'`). @default 'now'
   */
  readonly since?: LineSince;
}

/** Lines queued for one `lines()` consumer before the program's pipes are paused. */
export const QUEUE_HIGH_WATER = 1000;

/**
 * The queue between the pipes and one `lines()` consumer. When the consumer falls
 * QUEUE_HIGH_WATER lines behind, it blocks the gate (the child's pipes pause: lossless, with
 * bounded memory) until it has caught up to half of that.
 */
export class LineQueue {
  readonly #gate: PauseGate;
  #lines: LogLine[] = [];
  #head = 0;
  #ended = false;
  #wake: (() => void) | undefined;

  constructor(gate: PauseGate) {
    this.#gate = gate;
  }

  get length(): number {
    return this.#lines.length - this.#head;
  }

  push(line: LogLine): void {
    if (this.#ended) return;
    this.#lines.push(line);
    if (this.length >= QUEUE_HIGH_WATER) this.#gate.block(this);
    this.#wakeUp();
  }

  /** No more lines: next() returns undefined once the queue is empty. */
  end(): void {
    this.#ended = true;
    this.#gate.unblock(this);
    this.#wakeUp();
  }

  /** Ends and forgets what is queued. */
  dispose(): void {
    this.#lines = [];
    this.#head = 0;
    this.end();
  }

  /** The next line, waiting for one; undefined after end(). */
  async next(): Promise<LogLine | undefined> {
    while (this.length === 0 && !this.#ended) {
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
    return this.#shift();
  }

  #shift(): LogLine | undefined {
    if (this.length === 0) return undefined;
    const line = this.#lines[this.#head++];
    if (this.#head > 1024 && this.#head * 2 > this.#lines.length) {
      this.#lines = this.#lines.slice(this.#head);
      this.#head = 0;
    }
    if (this.length <= QUEUE_HIGH_WATER / 2) this.#gate.unblock(this);
    return line;
  }

  #wakeUp(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}
