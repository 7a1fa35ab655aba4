import type { LogLine, LogStream } from './log-line.js';

/** Someone who wants every new line (of one stream, or both). */
export interface LineSubscriber {
  readonly stream: LogStream | undefined;
  onLine(line: LogLine): void;
  /** The logs were closed: no more lines will come. */
  onClose(): void;
}

/** The `lines()` iterators and `waitForLine()` calls of one program. */
export class LineSubscribers {
  /** Made at the first subscriber: most programs never have one. */
  #subscribers: Set<LineSubscriber> | undefined;

  get size(): number {
    return this.#subscribers?.size ?? 0;
  }

  /** Adds a subscriber; returns the function that removes it. */
  add(subscriber: LineSubscriber): () => void {
    this.#subscribers ??= new Set();
    const subscribers = this.#subscribers;
    subscribers.add(subscriber);
    return () => {
      subscribers.delete(subscriber);
    };
  }

  publish(line: LogLine): void {
    if (!this.#subscribers) return;
    for (const subscriber of this.#subscribers) {
      if (subscriber.stream === undefined || subscriber.stream === line.stream) {
        subscriber.onLine(line);
      }
    }
  }

  closeAll(): void {
    if (!this.#subscribers) return;
    const all = [...this.#subscribers];
    this.#subscribers.clear();
    for (const subscriber of all) subscriber.onClose();
  }
}
