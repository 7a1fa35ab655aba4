import type { Clock } from '../clock.js';

/** What one probe attempt found: passed or not, a readable message, and what it saw. */
export interface ProbeOutcome {
  readonly ok: boolean;
  /** "HTTP 200 from http://127.0.0.1:3000/health", "timed out after 1000 ms"... */
  readonly message: string;
  /** What a passing attempt saw (status, port, output...), kept as the readiness result. */
  readonly found?: Readonly<Record<string, unknown>>;
}

/** One attempt of a probe. Must stop what it started when `signal` aborts. */
export type ProbeAttempt = (signal: AbortSignal) => Promise<ProbeOutcome>;

/** How long one attempt may run, and the controller that cancels it. */
export interface AttemptLimits {
  readonly clock: Clock;
  /** The attempt is aborted and counts as failed after this many milliseconds. */
  readonly timeoutMs: number;
  /**
   * Its signal is the attempt's: aborted from outside (a stop), or here at the timeout. Kept
   * by the caller across attempts (an AbortController per attempt costs more than a probe);
   * once aborted, the caller needs a new one.
   */
  readonly controller: AbortController;
}

/** The outcome of an attempt that was cancelled (a stop, or after its timeout). */
const ABORTED: ProbeOutcome = Object.freeze({ ok: false, message: 'aborted' });

/**
 * Runs one attempt with a timeout. Never rejects: a throw, an abort or the timeout is a
 * failed outcome. At the timeout the controller is aborted, so whatever the attempt started
 * (a socket, a probe process) is stopped; an attempt that settles by itself has nothing left.
 * One promise and one timer per attempt (no race of promises): liveness probes run hundreds
 * of attempts a second in a large host.
 */
export function runAttempt(attempt: ProbeAttempt, limits: AttemptLimits): Promise<ProbeOutcome> {
  const { clock, timeoutMs, controller } = limits;
  if (controller.signal.aborted) return Promise.resolve(ABORTED);
  return new Promise<ProbeOutcome>((resolve) => {
    let settled = false;
    const timer = clock.setTimeout(() => {
      settled = true;
      resolve({ ok: false, message: `timed out after ${timeoutMs} ms` });
      controller.abort(new Error('probe timeout'));
    }, timeoutMs);
    const settle = (outcome: ProbeOutcome) => {
      if (settled) return;
      settled = true;
      clock.clearTimeout(timer);
      resolve(controller.signal.aborted ? ABORTED : outcome);
    };
    const failed = (error: unknown) => settle({ ok: false, message: errorText(error) });
    try {
      attempt(controller.signal).then(settle, failed);
    } catch (error) {
      failed(error);
    }
  });
}

/** A readable one-line reason from anything thrown (fetch hides the errno in `cause`). */
export function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  const code = (cause as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string') return `${error.message} (${code})`;
  if (cause instanceof Error) return `${error.message}: ${cause.message}`;
  return error.message;
}
