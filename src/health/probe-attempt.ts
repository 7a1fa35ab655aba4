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

/** Where and how long one attempt may run. */
export interface AttemptLimits {
  readonly clock: Clock;
  /** The attempt is aborted and counts as failed after this many milliseconds. */
  readonly timeoutMs: number;
  /** Aborts the attempt from outside (the run ended, the program stopped). */
  readonly signal: AbortSignal;
}

/**
 * Runs one attempt with a timeout. Never rejects: a throw, an abort or the timeout is a
 * failed outcome. Whatever happens, the attempt's own signal is aborted when this settles,
 * so nothing it started (a socket, a probe process) outlives it.
 */
export async function runAttempt(
  attempt: ProbeAttempt,
  limits: AttemptLimits,
): Promise<ProbeOutcome> {
  if (limits.signal.aborted) return { ok: false, message: 'aborted' };
  const own = new AbortController();
  const onAbort = () => own.abort(limits.signal.reason);
  limits.signal.addEventListener('abort', onAbort, { once: true });
  let timer: ReturnType<Clock['setTimeout']> | undefined;
  const timedOut = new Promise<ProbeOutcome>((resolve) => {
    timer = limits.clock.setTimeout(() => {
      resolve({ ok: false, message: `timed out after ${limits.timeoutMs} ms` });
      own.abort(new Error('probe timeout'));
    }, limits.timeoutMs);
  });
  const aborted = new Promise<ProbeOutcome>((resolve) => {
    own.signal.addEventListener('abort', () => resolve({ ok: false, message: 'aborted' }), {
      once: true,
    });
  });
  try {
    const result = attempt(own.signal).catch(
      (error: unknown): ProbeOutcome => ({ ok: false, message: errorText(error) }),
    );
    return await Promise.race([result, timedOut, aborted]);
  } finally {
    limits.clock.clearTimeout(timer);
    limits.signal.removeEventListener('abort', onAbort);
    own.abort();
  }
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
