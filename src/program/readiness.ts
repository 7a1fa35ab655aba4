import type { Clock } from '../clock.js';
import type { ExecPlace } from '../health/exec-probe.js';
import { isReadyMessage } from '../health/ipc-messages.js';
import { type ProbeAttempt, runAttempt } from '../health/probe-attempt.js';
import {
  attemptFor,
  type CheckFunction,
  type HttpProbeOption,
  normalizeProbeTarget,
  type ProbeTarget,
} from '../health/probe-target.js';
import {
  type ReadinessResult,
  resultOfAttempt,
  resultOfLine,
  resultOfMessage,
} from '../health/readiness-result.js';
import type { LineMatch } from '../logs/line-wait.js';
import { toLineRegExp } from '../logs/line-wait.js';
import type { LogStream } from '../logs/log-line.js';
import { fail, isPlainObject, type OptionContext, optSeconds } from '../options/validate.js';

/**
 * When a started program counts as RUNNING (beyond supervisord, opt-in). Without it,
 * supervisord's rule: up for startSecs. With it, STARTING lasts until the probe passes; a probe
 * that has not passed within `timeoutSecs` is a failed start (the process is stopped, exit cause
 * 'start-timeout', then BACKOFF and retries as for an early exit).
 * - `line`: a line of its output matches (a RegExp, or a string it contains).
 * - `port`: a TCP connection to host:port succeeds.
 * - `check`: your function returns true (called every intervalSecs until it does).
 * - `http`: a GET answers with an expected status (any 2xx/3xx, or one of `status`).
 * - `exec`: a command exits 0 (split like a shell, no shell runs unless `shell: true`).
 * - `message`: the child sends this IPC message (`process.send('ready')`, or an object with
 *   `ready: true` and anything else you want to pass back, like the port it bound).
 * What the probe found is `program.readiness` (see docs/health.md).
 */
export type ReadinessOptions = (
  | { line: RegExp | string; stream?: LogStream }
  | { port: number; host?: string }
  | { check: CheckFunction }
  | { http: HttpProbeOption }
  | { exec: string | readonly string[]; shell?: boolean }
  | { message: string }
) & {
  /** Seconds to become ready; 0 = wait forever. @default 60 */
  timeoutSecs?: number;
  /** Seconds between two port, check, http or exec attempts. @default 0.1 */
  intervalSecs?: number;
  /** Seconds one port, check, http or exec attempt may take (an exec probe is killed). @default 1 */
  probeTimeoutSecs?: number;
};

/** Readiness, normalized. */
export type ReadinessConfig = (
  | { readonly kind: 'line'; readonly pattern: RegExp; readonly stream: LogStream | undefined }
  | { readonly kind: 'message'; readonly message: string }
  | ProbeTarget
) & { readonly timeoutSecs: number; readonly intervalMs: number; readonly probeTimeoutMs: number };

const FIX =
  "Use { line: /listening/ }, { port: 3000 }, { http: 'http://127.0.0.1:3000/health' }, { exec: 'pg_isready' }, { message: 'ready' } or { check: async (pid) => true }, with an optional timeoutSecs.";

export function normalizeReadiness(
  ctx: OptionContext,
  value: unknown,
): ReadinessConfig | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) fail(ctx, 'readiness', value, FIX);
  const common = {
    timeoutSecs: optSeconds(ctx, 'readiness.timeoutSecs', value.timeoutSecs, 60),
    intervalMs: Math.max(
      10,
      Math.round(1000 * optSeconds(ctx, 'readiness.intervalSecs', value.intervalSecs, 0.1)),
    ),
    probeTimeoutMs: Math.max(
      1,
      Math.round(1000 * optSeconds(ctx, 'readiness.probeTimeoutSecs', value.probeTimeoutSecs, 1)),
    ),
  };
  if (value.line instanceof RegExp || (typeof value.line === 'string' && value.line !== '')) {
    const stream = value.stream;
    if (stream !== undefined && stream !== 'stdout' && stream !== 'stderr') {
      fail(ctx, 'readiness.stream', stream, 'Use "stdout" or "stderr", or leave it out for both.');
    }
    const pattern = toLineRegExp(value.line);
    return Object.freeze({ kind: 'line', pattern, stream, ...common });
  }
  if (value.message !== undefined) {
    if (typeof value.message !== 'string' || value.message === '') {
      fail(
        ctx,
        'readiness.message',
        value.message,
        "Use the message's name, like message: 'ready'.",
      );
    }
    return Object.freeze({ kind: 'message', message: value.message, ...common });
  }
  const target = normalizeProbeTarget(ctx, 'readiness', value);
  if (target) return Object.freeze({ ...target, ...common });
  fail(ctx, 'readiness', value, FIX);
}

/** What a probe needs from its program (exec probes: its directory and environment). */
export interface ProbeHost extends Partial<ExecPlace> {
  readonly pid: number;
  readonly clock: Clock;
  readonly signal: AbortSignal;
  /** Resolves at the first matching line of this run (rejects when aborted). */
  waitForLine(
    pattern: RegExp,
    stream: LogStream | undefined,
    signal: AbortSignal,
  ): Promise<LineMatch>;
  /** Resolves with the first IPC message `accept` takes (rejects when aborted). */
  waitForMessage?(accept: (message: unknown) => boolean, signal: AbortSignal): Promise<unknown>;
}

/**
 * Starts probing one process run in the background: `onReady()` is called once the probe
 * passes, with what it found, unless the returned controller was aborted first (the run left
 * STARTING or ended).
 */
export function startReadinessProbe(
  config: ReadinessConfig,
  host: Omit<ProbeHost, 'signal'>,
  onReady: (result: ReadinessResult) => void,
): AbortController {
  const probe = new AbortController();
  probeReadiness(config, { ...host, signal: probe.signal }).then(
    (result) => {
      if (!probe.signal.aborted) onReady(result);
    },
    () => {},
  );
  return probe;
}

/** Resolves once the probe passes; rejects (AbortError) when `host.signal` aborts first. */
export async function probeReadiness(
  config: ReadinessConfig,
  host: ProbeHost,
): Promise<ReadinessResult> {
  if (config.kind === 'line') {
    const found = await host.waitForLine(config.pattern, config.stream, host.signal);
    return resultOfLine(found, host.clock.now());
  }
  if (config.kind === 'message') {
    const accept = (m: unknown) => isReadyMessage(m, config.message);
    if (!host.waitForMessage) throw new Error('readiness.message needs an IPC channel');
    const payload = await host.waitForMessage(accept, host.signal);
    return resultOfMessage(payload, host.clock.now());
  }
  const place = { pid: host.pid, cwd: host.cwd, env: host.env };
  return retryUntilPassed(config.kind, attemptFor(config, place), config, host);
}

/** Attempts every intervalMs (after the previous one ended) until one passes. */
async function retryUntilPassed(
  kind: ProbeTarget['kind'],
  attempt: ProbeAttempt,
  config: ReadinessConfig,
  host: ProbeHost,
): Promise<ReadinessResult> {
  let controller = new AbortController();
  const onAbort = () => controller.abort(host.signal.reason);
  host.signal.addEventListener('abort', onAbort, { once: true });
  while (!host.signal.aborted) {
    if (controller.signal.aborted) controller = new AbortController();
    const limits = { clock: host.clock, timeoutMs: config.probeTimeoutMs, controller };
    const outcome = await runAttempt(attempt, limits);
    if (outcome.ok && !host.signal.aborted) return resultOfAttempt(kind, outcome, host.clock.now());
    await sleep(host.clock, config.intervalMs, host.signal);
  }
  host.signal.removeEventListener('abort', onAbort);
  throw host.signal.reason;
}

function sleep(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = clock.setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clock.clearTimeout(timer);
      resolve();
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
