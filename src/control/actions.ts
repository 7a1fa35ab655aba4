/**
 * POST /action: the status page's buttons. `{ action, target }` with action start, stop,
 * restart or clear, and target "group:name", "group:*" or "all"; carried out through the
 * same XML-RPC methods supervisorctl calls (so readOnly and the fault codes apply).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ControlContext } from './context.js';
import { faultFor } from './faults.js';
import { HttpError, readBody, sendJson } from './http.js';
import { splitNamespec } from './names.js';
import { methods } from './rpc-methods.js';
import { dispatch } from './rpc-registry.js';
import type { RpcValue } from './xmlrpc-codec.js';

const ACTIONS = ['start', 'stop', 'restart', 'clear'] as const;
type Action = (typeof ACTIONS)[number];

function call(ctx: ControlContext, method: string, ...params: RpcValue[]): Promise<RpcValue> {
  return dispatch(ctx, methods, `supervisor.${method}`, params);
}

async function clear(ctx: ControlContext, target: string): Promise<RpcValue> {
  if (target === 'all') return call(ctx, 'clearAllProcessLogs');
  const [group, name] = splitNamespec(target);
  if (name !== undefined) return call(ctx, 'clearProcessLogs', target);
  const members = ctx.supervisor.group(group)?.members ?? [];
  return Promise.all(members.map((p) => call(ctx, 'clearProcessLogs', `${p.group}:${p.name}`)));
}

/** Runs one page action; resolves with the RPC result or rejects with its fault. */
export async function runAction(
  ctx: ControlContext,
  action: Action,
  target: string,
): Promise<RpcValue> {
  const all = target === 'all';
  switch (action) {
    case 'start':
      return all ? call(ctx, 'startAllProcesses', false) : call(ctx, 'startProcess', target, false);
    case 'stop':
      return all ? call(ctx, 'stopAllProcesses', false) : call(ctx, 'stopProcess', target, false);
    case 'restart':
      await (all
        ? call(ctx, 'stopAllProcesses', true)
        : call(ctx, 'stopProcess', target, true)
      ).catch((error: { code?: number }) => {
        if (error.code !== 70) throw error; // NOT_RUNNING: just start it
      });
      return all ? call(ctx, 'startAllProcesses', false) : call(ctx, 'startProcess', target, false);
    case 'clear':
      return clear(ctx, target);
  }
}

export async function handleAction(
  ctx: ControlContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
    sendJson(res, 415, { error: 'send the action as application/json' });
    return;
  }
  let body: { action?: unknown; target?: unknown };
  try {
    body = JSON.parse(await readBody(req, 64 * 1024)) as typeof body;
  } catch (error) {
    sendJson(res, error instanceof HttpError ? error.status : 400, { error: 'bad JSON body' });
    return;
  }
  const { action, target } = body ?? {};
  if (!ACTIONS.includes(action as Action) || typeof target !== 'string' || target === '') {
    sendJson(res, 400, { error: `action must be one of ${ACTIONS.join(', ')}, with a target` });
    return;
  }
  try {
    sendJson(res, 200, { ok: true, result: await runAction(ctx, action as Action, target) });
  } catch (error) {
    const fault = faultFor(error, target);
    sendJson(res, fault.code === 10 ? 404 : 409, {
      ok: false,
      code: fault.code,
      fault: fault.faultString,
    });
  }
}
