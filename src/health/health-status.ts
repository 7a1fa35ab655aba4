import type { ProbeOutcome } from './probe-attempt.js';

/** Which liveness check reported: the probe's kind, or 'silence'. */
export type HealthSource = 'http' | 'port' | 'exec' | 'check' | 'silence';

/** Payload of the `health` event. */
export interface HealthEvent {
  readonly name: string;
  readonly group: string;
  readonly pid: number;
  /** 'ok': the check passes (first pass of a run, or recovery); 'failing': it failed again. */
  readonly status: 'ok' | 'failing';
  readonly probe: HealthSource;
  /** The probe's message: "HTTP 503 from ...", "timed out after 1000 ms", ... */
  readonly message: string;
  /** Failures in a row (0 when ok). */
  readonly failures: number;
  readonly failureThreshold: number;
  /** This failure reached failureThreshold: the program is being restarted (cause 'liveness'). */
  readonly restarting: boolean;
  /** Epoch milliseconds. */
  readonly time: number;
}

/** The part of a HealthEvent the status knows. */
export type HealthReport = Pick<
  HealthEvent,
  'status' | 'probe' | 'message' | 'failures' | 'failureThreshold' | 'restarting'
>;

/**
 * Consecutive failures per check for the current process run, and the totals across runs.
 * Reports every failure and every return to ok; asks for one restart per run when a check
 * reaches the threshold.
 */
export class HealthStatus {
  readonly #streaks = new Map<HealthSource, number>();
  readonly #seenOk = new Set<HealthSource>();
  #restartAsked = false;
  #probeFailures = 0;

  constructor(
    private readonly failureThreshold: number,
    private readonly report: (report: HealthReport) => void,
    private readonly restart: (reason: string) => void,
  ) {}

  /** A new process run: streaks start again (totals do not). */
  reset(): void {
    this.#streaks.clear();
    this.#seenOk.clear();
    this.#restartAsked = false;
  }

  record(probe: HealthSource, outcome: ProbeOutcome): void {
    const { failureThreshold } = this;
    if (outcome.ok) {
      const was = this.#streaks.get(probe) ?? 0;
      this.#streaks.set(probe, 0);
      if (was === 0 && this.#seenOk.has(probe)) return;
      this.#seenOk.add(probe);
      this.report({
        status: 'ok',
        probe,
        message: outcome.message,
        failures: 0,
        failureThreshold,
        restarting: false,
      });
      return;
    }
    const failures = (this.#streaks.get(probe) ?? 0) + 1;
    this.#streaks.set(probe, failures);
    this.#probeFailures++;
    const restarting = failures >= failureThreshold && !this.#restartAsked;
    this.report({
      status: 'failing',
      probe,
      message: outcome.message,
      failures,
      failureThreshold,
      restarting,
    });
    if (!restarting) return;
    this.#restartAsked = true;
    this.restart(`${probe} probe failed ${failures} times in a row: ${outcome.message}`);
  }

  /** Some check of this run is failing now. */
  get failing(): boolean {
    for (const streak of this.#streaks.values()) if (streak > 0) return true;
    return false;
  }

  /** Liveness failures since the program was created (a counter, for metrics). */
  get probeFailures(): number {
    return this.#probeFailures;
  }
}
