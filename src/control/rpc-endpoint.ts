/** POST /RPC2: one XML-RPC call in, one response out (faults are HTTP 200, as supervisord's). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ControlContext } from './context.js';
import { RpcFault } from './faults.js';
import { HttpError, readBody, send, sendText } from './http.js';
import { methods } from './rpc-methods.js';
import { dispatch } from './rpc-registry.js';
import { encodeFault, encodeResponse, parseCall, RpcParseError } from './xmlrpc-codec.js';

const XML = /^(text|application)\/xml\b/i;

export async function handleRpc(
  ctx: ControlContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (req.method !== 'POST') {
    sendText(res, 405, 'XML-RPC takes POST', { Allow: 'POST' });
    return;
  }
  // A cross-site form can only send text/plain or form types: requiring XML rules it out.
  if (!XML.test(req.headers['content-type'] ?? '')) {
    sendText(res, 415, 'XML-RPC requests must be sent as text/xml');
    return;
  }
  let body: string;
  try {
    body = await readBody(req, ctx.settings.maxRequestBytes);
  } catch (error) {
    sendText(res, error instanceof HttpError ? error.status : 400, (error as Error).message);
    return;
  }
  let xml: string;
  try {
    const call = parseCall(body);
    xml = encodeResponse(await dispatch(ctx, methods, call.method, call.params));
  } catch (error) {
    if (error instanceof RpcParseError) {
      sendText(res, 400, error.message);
      return;
    }
    const fault = error instanceof RpcFault ? error : new RpcFault('FAILED', String(error));
    xml = encodeFault(fault.code, fault.faultString);
  }
  send(res, 200, 'text/xml', xml);
}
