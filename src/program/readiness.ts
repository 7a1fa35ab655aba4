import { connect } from 'node:net';
import { type Clock, MAX_TIMER_MS } from '../clock.js';
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
 */
export type ReadinessOptions = (
  | { line: RegExp | string; stream?: LogStream }
  | { port: number; host?: string }
  | { check: (pid: number, signal: AbortSignal) => boolean | Promise<boolean> }
) & {
  /** Seconds to become ready; 0 = wait forever. @default 60 */
  timeoutSecs?: number;
  /** Seconds between two port or check attempts. @default 0.1 */
  intervalSecs?: number;
};

/** Readiness, normalized. */
export type ReadinessConfig = (
  | { readonly kind: 'line'; readonly pattern: RegExp; readonly stream: LogStream | undefined }
  | { readonly kind: 'port'; readonly port: number; readonly host: string }
  | {
      readonly kind: 'check';
      readonly check: (pid: number, signal: AbortSignal) => boolean | Promise<boolean>;
    }
) & { readonly timeoutSecs: number; readonly intervalMs: number };

const FIX =
  'Use { line: /listening/ }, { port: 3000 } or { check: async (pid) => true }, with an optional timeoutSecs.';

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
  };
  if (value.line instanceof RegExp || (typeof value.line === 'string' && value.line !== '')) {
    const stream = value.stream;
    if (stream !== undefined && stream !== 'stdout' && stream !== 'stderr') {
      fail(ctx, 'readiness.stream', stream, 'Use "stdout" or "stderr", or leave it out for both.');
    }
    const pattern = toLineRegExp(value.line);
    return Object.freeze({ kind: 'line', pattern, stream, ...common });
  }
  if (value.port !== undefined) {
    if (
      typeof value.port !== 'number' ||
      !Number.isInteger(value.port) ||
      value.port < 1 ||
      value.port > 65535
    ) {
      fail(ctx, 'readiness.port', value.port, 'Use a TCP port from 1 to 65535.');
    }
    const host = typeof value.host === 'string' && value.host ? value.host : '127.0.0.1';
    return Object.freeze({ kind: 'port', port: value.port, host, ...common });
  }
  if (typeof value.check === 'function') {
    const check = value.check as (pid: number, signal: AbortSignal) => boolean | Promise<boolean>;
    return Object.freeze({ kind: 'check', check, ...common });
  }
  fail(ctx, 'readiness', value, FIX);
}

/** What a probe needs from its program. */
export interface ProbeHost {
  readonly pid: number;
  readonly clock: Clock;
  readonly signal: AbortSignal;
  /** Resolves at the first matching line of this run (rejects when aborted). */
  waitForLine(
    pattern: RegExp,
    stream: LogStream | undefined,
    signal: AbortSignal,
  ): Promise<unknown>;
}

/**
 * Starts probing one process run in the background: `onReady()` is called once the probe
 * passes, unless the returned controller was aborted first (the run left STARTING or ended).
 */
export function startReadinessProbe(
  config: ReadinessConfig,
  host: Omit<ProbeHost, 'signal'>,
  onReady: () => void,
): AbortController {
  const probe = new AbortController();
  probeReadiness(config, { ...host, signal: probe.signal }).then(
    () => {
      if (!probe.signal.aborted) onReady();
    },
    () => {},
  );
  return probe;
}

/** Resolves once the probe passes; rejects (AbortError) when `host.signal` aborts first. */
export async function probeReadiness(config: ReadinessConfig, host: ProbeHost): Promise<void> {
  if (config.kind === 'line') {
    await host.waitForLine(config.pattern, config.stream, host.signal);
    return;
  }
  const attempt =
    config.kind === 'port'
      ? () => canConnect(config.port, config.host, Math.min(config.intervalMs * 10, MAX_TIMER_MS))
      : async () => (await config.check(host.pid, host.signal)) === true;
  while (!host.signal.aborted) {
    if (await attempt().catch(() => false)) return;
    await sleep(host.clock, config.intervalMs, host.signal);
  }
  throw host.signal.reason;
}

function canConnect(port: number, host: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
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
