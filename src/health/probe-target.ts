import { normalizeCommand } from '../options/command.js';
import { fail, isPlainObject, type OptionContext, optBoolean } from '../options/validate.js';
import { type ExecPlace, type ExecTarget, execAttempt } from './exec-probe.js';
import { KeepAliveProbe } from './http-keepalive.js';
import { type HttpTarget, httpAttempt } from './http-probe.js';
import { portAttempt } from './port-probe.js';
import type { ProbeAttempt } from './probe-attempt.js';

/** A user's check: resolves true when the program is fine. */
export type CheckFunction = (pid: number, signal: AbortSignal) => boolean | Promise<boolean>;

/** Something that can be probed by attempts: readiness retries it, liveness repeats it. */
export type ProbeTarget =
  | HttpTarget
  | ExecTarget
  | { readonly kind: 'port'; readonly port: number; readonly host: string }
  | { readonly kind: 'check'; readonly check: CheckFunction };

/** `http` as a URL, or `{ url, status: [200, 204] }`. */
export type HttpProbeOption = string | { url: string; status?: readonly number[] };

/** What an attempt needs to know about the process run it probes. */
export interface ProbePlace extends ExecPlace {
  readonly pid: number;
}

/** The attempt function of a target. */
export function attemptFor(target: ProbeTarget, place: ProbePlace): ProbeAttempt {
  switch (target.kind) {
    case 'http':
      return httpAttempt(target);
    case 'exec':
      return execAttempt(target, place);
    case 'port':
      return portAttempt(target.port, target.host);
    case 'check':
      return async (signal) =>
        (await target.check(place.pid, signal)) === true
          ? { ok: true, message: 'check passed' }
          : { ok: false, message: 'check returned false' };
  }
}

/**
 * The attempt of a liveness probe, repeated for as long as a run is RUNNING: http:// URLs
 * keep one connection alive (see KeepAliveProbe); `close()` releases it.
 */
export function livenessAttemptFor(
  target: ProbeTarget,
  place: ProbePlace,
): { attempt: ProbeAttempt; close(): void } {
  if (target.kind === 'http' && target.url.startsWith('http:')) {
    const probe = new KeepAliveProbe(target);
    return { attempt: probe.attempt, close: () => probe.close() };
  }
  return { attempt: attemptFor(target, place), close: () => {} };
}

const TARGET_KEYS = ['http', 'exec', 'port', 'check'] as const;

/**
 * The probe target in `value` (one of http, exec, port, check), or undefined when it has
 * none. Throws OptionError for a bad one, or for more than one.
 */
export function normalizeProbeTarget(
  ctx: OptionContext,
  prefix: string,
  value: Record<string, unknown>,
): ProbeTarget | undefined {
  const given = TARGET_KEYS.filter((key) => value[key] !== undefined);
  if (given.length > 1) {
    fail(
      ctx,
      `${prefix}.${given[1]}`,
      value[given[1] as string],
      `Give one probe: ${given.join(' or ')}, not both.`,
    );
  }
  switch (given[0]) {
    case 'http':
      return normalizeHttp(ctx, `${prefix}.http`, value.http);
    case 'exec': {
      const shell = optBoolean(ctx, `${prefix}.shell`, value.shell, false);
      const argv = normalizeCommand(ctx, value.exec, shell, `${prefix}.exec`);
      return Object.freeze({ kind: 'exec', argv });
    }
    case 'port':
      return normalizePort(ctx, prefix, value);
    case 'check':
      if (typeof value.check !== 'function') {
        fail(
          ctx,
          `${prefix}.check`,
          value.check,
          'Use a function (pid, signal) => boolean | Promise<boolean>.',
        );
      }
      return Object.freeze({ kind: 'check', check: value.check as CheckFunction });
    default:
      return undefined;
  }
}

function normalizeHttp(ctx: OptionContext, option: string, value: unknown): HttpTarget {
  const fix = "Use a URL like 'http://127.0.0.1:3000/health', or { url, status: [200, 204] }.";
  const spec = typeof value === 'string' ? { url: value } : value;
  if (!isPlainObject(spec) || typeof spec.url !== 'string') fail(ctx, option, value, fix);
  let url: URL;
  try {
    url = new URL(spec.url);
  } catch {
    fail(ctx, `${option}.url`, spec.url, fix);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    fail(ctx, `${option}.url`, spec.url, 'Use an http:// or https:// URL.');
  }
  const status = spec.status;
  const valid =
    status === undefined ||
    (Array.isArray(status) &&
      status.length > 0 &&
      status.every((s) => Number.isInteger(s) && s >= 100 && s <= 599));
  if (!valid)
    fail(ctx, `${option}.status`, status, 'Use a list of HTTP status codes, like [200, 204].');
  const codes = status === undefined ? undefined : Object.freeze([...(status as number[])]);
  return Object.freeze({ kind: 'http', url: spec.url, status: codes });
}

function normalizePort(
  ctx: OptionContext,
  prefix: string,
  value: Record<string, unknown>,
): ProbeTarget {
  const port = value.port;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
    fail(ctx, `${prefix}.port`, port, 'Use a TCP port from 1 to 65535.');
  }
  const host = typeof value.host === 'string' && value.host ? value.host : '127.0.0.1';
  return Object.freeze({ kind: 'port', port, host });
}
