/**
 * controlHandler(): the control surface as one Node request handler `(req, res, next?)`, to
 * mount in the host's own server (node:http, Express, Fastify). Routes:
 * /RPC2 (supervisord's XML-RPC), / (status page), /events, /logs/<name>, /action,
 * /logtail/<name>/<stream> and /mainlogtail (supervisorctl tail -f), /metrics, /healthz,
 * /readyz.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Supervisor } from '../index.js';
import { handleAction } from './actions.js';
import { AUTH_CHALLENGE, basicAuth, hostAllowed, sameOrigin } from './auth.js';
import { type ControlContext, createContext } from './context.js';
import { sendText } from './http.js';
import { handleLogEvents, handleLogtail, handleMainLogtail } from './log-streams.js';
import { handleMetrics } from './metrics.js';
import { type ControlOptions, type ControlSettings, controlSettings } from './options.js';
import { handleAsset, handlePage } from './page.js';
import { handleHealthz, handleReadyz } from './probes.js';
import { handleRpc } from './rpc-endpoint.js';
import { handleEvents, StreamSlots } from './sse.js';

/** A Node request handler; `next` (Express, Connect) is called for paths it does not serve. */
export interface ControlHandler {
  (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void): void;
  /** The validated options. */
  readonly settings: ControlSettings;
  /** Stops listening to the supervisor's events (open streams end with their connections). */
  close(): void;
}

type Route = (
  ctx: ControlContext,
  req: IncomingMessage,
  res: ServerResponse,
  rest: string,
) => unknown;

function routes(slots: StreamSlots): Record<string, Route> {
  return {
    '/': (ctx, _req, res) => handlePage(ctx, res),
    '/page.js': (_ctx, _req, res) => handleAsset(res, 'page.js'),
    '/page.css': (_ctx, _req, res) => handleAsset(res, 'page.css'),
    '/events': (ctx, req, res) => handleEvents(ctx, slots, req, res),
    '/metrics': (ctx, _req, res) => handleMetrics(ctx, res),
    '/mainlogtail': (ctx, _req, res) => handleMainLogtail(ctx, slots, res),
    '/logtail/': (ctx, _req, res, rest) => handleLogtail(ctx, slots, rest, res),
    '/logs/': (ctx, req, res, rest) =>
      handleLogEvents(ctx, slots, decodeURIComponent(rest), req, res),
  };
}

const POST_ROUTES: Record<string, Route> = {
  '/RPC2': (ctx, req, res) => handleRpc(ctx, req, res),
  '/action': (ctx, req, res) => handleAction(ctx, req, res),
};

/** The path below the mount point ("" when the request is outside it). */
function localPath(req: IncomingMessage, basePath: string): string | undefined {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (!basePath) return path;
  if (path === basePath) return '/';
  if (path.startsWith(`${basePath}/`)) return path.slice(basePath.length);
  // Express and Connect strip the mount path themselves.
  return (req as { originalUrl?: string }).originalUrl !== undefined ? path : undefined;
}

function find(table: Record<string, Route>, path: string): [Route, string] | undefined {
  const exact = Object.hasOwn(table, path) ? table[path] : undefined;
  if (exact) return [exact, ''];
  for (const [prefix, route] of Object.entries(table)) {
    if (prefix.length > 1 && prefix.endsWith('/') && path.startsWith(prefix))
      return [route, path.slice(prefix.length)];
  }
  return undefined;
}

export function controlHandler(
  supervisor: Supervisor,
  options: ControlOptions = {},
): ControlHandler {
  const settings = controlSettings(options);
  const ctx = createContext(supervisor, settings);
  const authorized = basicAuth(settings);
  const getRoutes = routes(new StreamSlots(settings.maxEventStreams));

  const serve = async (req: IncomingMessage, res: ServerResponse, next?: (e?: unknown) => void) => {
    const path = localPath(req, settings.basePath);
    const post = req.method === 'POST';
    const found = path === undefined ? undefined : find(post ? POST_ROUTES : getRoutes, path);
    if (path === '/healthz' || path === '/readyz') {
      (path === '/healthz' ? handleHealthz : handleReadyz)(ctx, res);
      return;
    }
    if (!found) {
      if (next) next();
      else if (path !== undefined && (find(POST_ROUTES, path) || find(getRoutes, path))) {
        sendText(res, 405, 'method not allowed');
      } else sendText(res, 404, 'not found');
      return;
    }
    if (!hostAllowed(req, settings)) return sendText(res, 403, 'unexpected Host header');
    if (!authorized(req)) {
      return sendText(res, 401, 'Unauthorized', { 'WWW-Authenticate': AUTH_CHALLENGE });
    }
    if (post && !sameOrigin(req)) return sendText(res, 403, 'cross-origin request refused');
    const [route, rest] = found;
    await route(ctx, req, res, rest);
  };

  const handler = ((req, res, next) => {
    serve(req, res, next).catch((error: unknown) => {
      if (!res.headersSent) sendText(res, 500, `internal error: ${(error as Error).message}`);
      else res.destroy();
    });
  }) as ControlHandler;
  Object.defineProperty(handler, 'settings', { value: settings });
  Object.defineProperty(handler, 'close', { value: () => ctx.detach() });
  return handler;
}
