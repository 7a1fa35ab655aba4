import type { LineMatch } from '../logs/line-wait.js';
import type { ProbeOutcome } from './probe-attempt.js';

/**
 * What the readiness probe found when the program became RUNNING: `program.readiness` and
 * the `readiness` field of that RUNNING state event. Test harnesses read ports from here.
 */
export type ReadinessResult = (
  | ({ readonly kind: 'line' } & LineMatch)
  /** The ready message as sent: `'ready'` or `{ ready: true, port: 43121 }`. */
  | { readonly kind: 'message'; readonly payload: unknown }
  | { readonly kind: 'http'; readonly url: string; readonly status: number; readonly body: string }
  | { readonly kind: 'port'; readonly host: string; readonly port: number }
  /** The probe command's output (trimmed). */
  | { readonly kind: 'exec'; readonly output: string }
  | { readonly kind: 'check' }
) & {
  /** "HTTP 200 from http://127.0.0.1:3000/health", "ready message", ... */
  readonly description: string;
  /** Epoch milliseconds. */
  readonly time: number;
};

type Kind = ReadinessResult['kind'];

/** The result of a passing attempt of a port, check, http or exec probe. */
export function resultOfAttempt(kind: Kind, outcome: ProbeOutcome, time: number): ReadinessResult {
  return Object.freeze({
    kind,
    ...outcome.found,
    description: outcome.message,
    time,
  }) as ReadinessResult;
}

export function resultOfLine(found: LineMatch, time: number): ReadinessResult {
  const description = `line ${JSON.stringify(found.line.line)}`;
  return Object.freeze({ kind: 'line', ...found, description, time });
}

export function resultOfMessage(payload: unknown, time: number): ReadinessResult {
  return Object.freeze({ kind: 'message', payload, description: 'ready message', time });
}
