import type { Clock, TimerHandle } from '../clock.js';
import { type ProbeAttempt, type ProbeOutcome, runAttempt } from './probe-attempt.js';

export interface LivenessMonitorOptions {
  readonly clock: Clock;
  readonly attempt: ProbeAttempt;
  readonly periodMs: number;
  readonly timeoutMs: number;
  readonly initialDelayMs: number;
  /** Every attempt's outcome, in order. Not called after stop(). */
  readonly onOutcome: (outcome: ProbeOutcome) => void;
}

/**
 * Probe starts are rounded up to a multiple of this (on the clock's time), so that the probes
 * of many programs fall due together and share one wakeup of the event loop: with 500
 * programs probed every second, 20 wakeups a second instead of 500.
 */
export const PROBE_SLOT_MS = 50;

/**
 * Probes one RUNNING process run: the first attempt after initialDelayMs, then one every
 * periodMs (measured from the start of the previous one), each start rounded up to the next
 * PROBE_SLOT_MS. An attempt never overlaps the previous one: a slow one delays the next, and
 * one slower than timeoutMs is aborted. stop() clears the timer and aborts the attempt in
 * flight, leaving nothing behind.
 */
export class LivenessMonitor {
  readonly #opts: LivenessMonitorOptions;
  #timer: TimerHandle | undefined;
  /** Cancels the attempt in flight (stop) and is aborted by a timeout. */
  #inFlight: AbortController | undefined;
  #running = false;

  constructor(options: LivenessMonitorOptions) {
    this.#opts = options;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#schedule(this.#opts.clock.now() + this.#opts.initialDelayMs);
  }

  stop(): void {
    this.#running = false;
    this.#opts.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#inFlight?.abort();
    this.#inFlight = undefined;
  }

  get running(): boolean {
    return this.#running;
  }

  /** Arms the timer for `due`, rounded up to the slot. */
  #schedule(due: number): void {
    const { clock } = this.#opts;
    const slot = Math.ceil(due / PROBE_SLOT_MS) * PROBE_SLOT_MS;
    this.#timer = clock.setTimeout(this.#due, Math.max(0, slot - clock.now()));
  }

  /** The timer's callback, made once (not a closure per period). */
  readonly #due = (): void => {
    this.#timer = undefined;
    void this.#probe();
  };

  async #probe(): Promise<void> {
    const { clock, attempt, timeoutMs, periodMs } = this.#opts;
    const began = clock.now();
    // One controller for every attempt until one is aborted (a timeout): then a new one.
    if (!this.#inFlight || this.#inFlight.signal.aborted) this.#inFlight = new AbortController();
    const controller = this.#inFlight;
    const outcome = await runAttempt(attempt, { clock, timeoutMs, controller });
    if (!this.#running || this.#inFlight !== controller) return;
    this.#opts.onOutcome(outcome);
    if (this.#running) this.#schedule(Math.max(began + periodMs, clock.now()));
  }
}
