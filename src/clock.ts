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

/** The longest delay Node's setTimeout honours (2^31-1 ms, 24.8 days); longer ones fire at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** The timer functions SystemClock builds on (Node's by default; replaceable in tests). */
export interface TimerFunctions {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(timer: unknown): void;
}

const NODE_TIMERS: TimerFunctions = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (timer) => clearTimeout(timer as NodeJS.Timeout),
};

/**
 * The real clock: Date.now and Node's timers. Timers keep the host alive, like the children
 * do: a program waiting in BACKOFF is work in progress. A delay longer than Node allows
 * (2^31-1 ms) is waited for in chained timers of at most that length, so `stopWaitSecs: 3e6`
 * really waits 34.7 days instead of firing after 1 ms.
 */
export class SystemClock implements Clock {
  readonly #fns: TimerFunctions;
  readonly #maxMs: number;
  #next = 1;

  constructor(timers: TimerFunctions = NODE_TIMERS, maxMs = MAX_TIMER_MS) {
    this.#fns = timers;
    this.#maxMs = maxMs;
  }

  now(): number {
    return Date.now();
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const handle = new SystemTimer(this.#next++);
    const delay = Number.isFinite(ms) ? Math.max(0, ms) : this.#maxMs;
    if (delay <= this.#maxMs) handle.timer = this.#fns.setTimeout(() => handle.fire(fn), delay);
    else this.#arm(handle, fn, this.now() + delay, delay);
    return handle;
  }

  clearTimeout(handle: TimerHandle | undefined): void {
    if (!(handle instanceof SystemTimer) || handle.timer === undefined) return;
    this.#fns.clearTimeout(handle.timer);
    handle.timer = undefined;
  }

  /** Waits at most maxMs at a time, until `due`. */
  #arm(handle: SystemTimer, fn: () => void, due: number, left: number): void {
    const chunk = Math.min(left, this.#maxMs);
    handle.timer = this.#fns.setTimeout(() => {
      const rest = left - chunk;
      if (rest <= 0) return handle.fire(fn);
      // Measured again from the clock: a host suspended for a while does not wait longer.
      this.#arm(handle, fn, due, Math.min(rest, Math.max(0, due - this.now())));
    }, chunk);
  }
}

/**
 * A SystemClock timer: the handle holds the runtime's timer itself (no table of timers by
 * id, one object per timer; probes and sampling arm hundreds a second).
 */
class SystemTimer implements TimerHandle {
  /** The runtime's timer while armed. */
  timer: unknown;

  constructor(readonly id: number) {}

  fire(fn: () => void): void {
    this.timer = undefined;
    fn();
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
