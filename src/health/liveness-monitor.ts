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
 * Probes one RUNNING process run: the first attempt after initialDelayMs, then one every
 * periodMs (measured from the start of the previous one). An attempt never overlaps the
 * previous one: a slow one delays the next, and one slower than timeoutMs is aborted. stop()
 * clears the timer and aborts the attempt in flight, leaving nothing behind.
 */
export class LivenessMonitor {
  readonly #opts: LivenessMonitorOptions;
  #timer: TimerHandle | undefined;
  #inFlight: AbortController | undefined;
  #running = false;

  constructor(options: LivenessMonitorOptions) {
    this.#opts = options;
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#schedule(this.#opts.initialDelayMs);
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

  #schedule(ms: number): void {
    this.#timer = this.#opts.clock.setTimeout(() => {
      this.#timer = undefined;
      void this.#probe();
    }, ms);
  }

  async #probe(): Promise<void> {
    const { clock, attempt, timeoutMs, periodMs } = this.#opts;
    const began = clock.now();
    const controller = new AbortController();
    this.#inFlight = controller;
    const outcome = await runAttempt(attempt, { clock, timeoutMs, signal: controller.signal });
    if (!this.#running || controller.signal.aborted) return;
    this.#inFlight = undefined;
    this.#opts.onOutcome(outcome);
    if (this.#running) this.#schedule(Math.max(0, began + periodMs - clock.now()));
  }
}
