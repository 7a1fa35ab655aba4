/**
 * Kubernetes-style probes. /healthz: 200 while the supervisor answers. /readyz: 200 when
 * every autostart program is RUNNING and healthy (its readiness passed, no liveness check
 * failing), else 503 with JSON naming who is not.
 */
import type { ServerResponse } from 'node:http';
import type { ControlContext } from './context.js';
import { sendJson } from './http.js';

export interface NotReady {
  readonly name: string;
  readonly group: string;
  readonly state: string;
  readonly healthy: boolean;
  readonly description: string;
}

/** Autostart programs that are not RUNNING and healthy (over the public state only). */
export function notReady(ctx: ControlContext): NotReady[] {
  return ctx.supervisor.programs
    .filter((p) => p.config.autostart)
    .map((p) => p.info())
    .filter((info) => !info.healthy)
    .map(({ name, group, state, healthy, description }) => ({
      name,
      group,
      state,
      healthy,
      description,
    }));
}

export function handleHealthz(ctx: ControlContext, res: ServerResponse): void {
  sendJson(res, 200, {
    status: 'ok',
    pid: process.pid,
    uptimeSeconds: Math.round((Date.now() - ctx.since) / 1000),
    programs: ctx.supervisor.programs.length,
  });
}

export function handleReadyz(ctx: ControlContext, res: ServerResponse): void {
  const waiting = notReady(ctx);
  if (waiting.length === 0) sendJson(res, 200, { ready: true });
  else sendJson(res, 503, { ready: false, notReady: waiting });
}
