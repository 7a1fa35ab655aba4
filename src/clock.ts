/** A timer handle returned by a {@link Clock}. */
export interface TimerHandle {
  readonly id: number;
}

/**
 * Time source and timers. Every delay in the library (startSecs, backoff, stopWaitSecs,
 * timeouts) goes through one, so tests can replace it with a {@link ManualClock}.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle | undefined): void;
}

/**
 * The real clock: Date.now and Node's timers. Timers keep the host alive, like the children
 * do: a program waiting in BACKOFF is work in progress.
 */
export class SystemClock implements Clock {
  readonly #timers = new Map<number, NodeJS.Timeout>();
  #next = 1;

  now(): number {
    return Date.now();
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = this.#next++;
    const timer = setTimeout(() => {
      this.#timers.delete(id);
      fn();
    }, ms);
    this.#timers.set(id, timer);
    return { id };
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    if (!handle) return;
    clearTimeout(this.#timers.get(handle.id));
    this.#timers.delete(handle.id);
  }
}

interface PendingTimer {
  readonly id: number;
  readonly due: number;
  readonly fn: () => void;
}

/**
 * A clock that moves only when told to. Timers fire in due order during {@link advance}.
 * For unit tests of anything that waits.
 */
export class ManualClock implements Clock {
  #now: number;
  #next = 1;
  #timers: PendingTimer[] = [];

  constructor(start = 0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer = { id: this.#next++, due: this.#now + Math.max(0, ms), fn };
    this.#timers.push(timer);
    return { id: timer.id };
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    if (handle) this.#timers = this.#timers.filter((t) => t.id !== handle.id);
  }

  /** Timers not yet fired. */
  get pending(): number {
    return this.#timers.length;
  }

  /** Move time forward by `ms`, firing every timer that falls due, in order. */
  advance(ms: number): void {
    const end = this.#now + ms;
    for (;;) {
      const next = this.#earliestDue(end);
      if (!next) break;
      this.#timers = this.#timers.filter((t) => t !== next);
      this.#now = next.due;
      next.fn();
    }
    this.#now = end;
  }

  #earliestDue(limit: number): PendingTimer | undefined {
    let best: PendingTimer | undefined;
    for (const t of this.#timers) {
      if (t.due <= limit && (!best || t.due < best.due || (t.due === best.due && t.id < best.id))) {
        best = t;
      }
    }
    return best;
  }
}
