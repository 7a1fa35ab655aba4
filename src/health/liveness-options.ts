import {
  fail,
  isPlainObject,
  type OptionContext,
  optBoolean,
  optInteger,
  optSeconds,
} from '../options/validate.js';
import {
  type CheckFunction,
  type HttpProbeOption,
  normalizeProbeTarget,
  type ProbeTarget,
} from './probe-target.js';

/**
 * Watching a RUNNING program (beyond supervisord, opt-in; Kubernetes' liveness probe and
 * systemd's WatchdogSec). `failureThreshold` failures in a row restart it with exit cause
 * 'liveness' (counted in restartBudget). One probe of http, port, exec or check, and/or
 * `silenceSecs`. See docs/health.md.
 */
export interface LivenessOptions {
  /** GET this URL; passes on any 2xx/3xx, or on one of `status`. */
  http?: HttpProbeOption;
  /** A TCP connection to `host:port` succeeds. */
  port?: number;
  /** For `port`. @default '127.0.0.1' */
  host?: string;
  /** A command that exits 0 (no shell unless `shell: true`); killed at timeoutSecs. */
  exec?: string | readonly string[];
  shell?: boolean;
  /** Your function resolves true. */
  check?: CheckFunction;
  /** No output line (and no IPC message) for this long counts as a failure, every periodSecs it lasts. */
  silenceSecs?: number;
  /** Open an IPC channel: each message the child sends counts as a sign of life for silenceSecs. @default false */
  heartbeat?: boolean;
  /** Seconds between two probes (and between two silence failures). @default 10 */
  periodSecs?: number;
  /** Seconds one probe may take. @default 1 */
  timeoutSecs?: number;
  /** Failures in a row that restart the program. @default 3 */
  failureThreshold?: number;
  /** Seconds after RUNNING before the first probe. @default 0 */
  initialDelaySecs?: number;
}

/** Liveness, normalized, in milliseconds. */
export interface LivenessConfig {
  readonly target: ProbeTarget | undefined;
  readonly silenceMs: number | undefined;
  readonly heartbeat: boolean;
  readonly periodMs: number;
  readonly timeoutMs: number;
  readonly failureThreshold: number;
  readonly initialDelayMs: number;
}

const FIX =
  "Use { http: 'http://127.0.0.1:3000/health' }, { port: 3000 }, { exec: 'redis-cli ping' }, { check: async (pid) => true } and/or { silenceSecs: 30 }, with periodSecs, timeoutSecs, failureThreshold, initialDelaySecs.";

const KEYS = [
  'http',
  'port',
  'host',
  'exec',
  'shell',
  'check',
  'silenceSecs',
  'heartbeat',
  'periodSecs',
  'timeoutSecs',
  'failureThreshold',
  'initialDelaySecs',
];

export function normalizeLiveness(ctx: OptionContext, value: unknown): LivenessConfig | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) fail(ctx, 'liveness', value, FIX);
  const unknown = Object.keys(value).find((key) => !KEYS.includes(key));
  if (unknown)
    fail(
      ctx,
      `liveness.${unknown}`,
      value[unknown],
      `"${unknown}" is not a liveness option. ${FIX}`,
    );
  const target = normalizeProbeTarget(ctx, 'liveness', value);
  const silence =
    value.silenceSecs === undefined
      ? undefined
      : positiveSecs(ctx, 'liveness.silenceSecs', value.silenceSecs, 30);
  const heartbeat = optBoolean(ctx, 'liveness.heartbeat', value.heartbeat, false);
  if (!target && silence === undefined) fail(ctx, 'liveness', value, FIX);
  if (heartbeat && silence === undefined) {
    fail(
      ctx,
      'liveness.heartbeat',
      true,
      'A heartbeat counts against silenceSecs: add silenceSecs, like { silenceSecs: 30, heartbeat: true }.',
    );
  }
  return Object.freeze({
    target,
    silenceMs: silence === undefined ? undefined : Math.round(silence * 1000),
    heartbeat,
    periodMs: Math.round(1000 * positiveSecs(ctx, 'liveness.periodSecs', value.periodSecs, 10)),
    timeoutMs: Math.round(1000 * positiveSecs(ctx, 'liveness.timeoutSecs', value.timeoutSecs, 1)),
    failureThreshold: optInteger(ctx, 'liveness.failureThreshold', value.failureThreshold, 3, 1),
    initialDelayMs: Math.round(
      1000 * optSeconds(ctx, 'liveness.initialDelaySecs', value.initialDelaySecs, 0),
    ),
  });
}

/** Seconds > 0, at least a millisecond. */
function positiveSecs(ctx: OptionContext, option: string, value: unknown, def: number): number {
  const secs = optSeconds(ctx, option, value, def);
  if (secs < 0.001)
    fail(ctx, option, value, `Use a number of seconds > 0, for example ${option}: ${def}.`);
  return secs;
}
