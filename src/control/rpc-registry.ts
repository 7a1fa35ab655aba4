/**
 * The XML-RPC method table and dispatch: argument checks (INCORRECT_PARAMETERS), read-only
 * refusal, and supervisord's `system` namespace (listMethods, methodHelp, methodSignature,
 * multicall).
 */
import type { ControlContext } from './context.js';
import { Faults, faultFor, RpcFault } from './faults.js';
import type { RpcStruct, RpcValue } from './xmlrpc-codec.js';

type ParamType = 'string' | 'int' | 'boolean' | 'array' | 'struct';

/** One published method. */
export interface RpcMethod {
  /** Parameter types, in order; a trailing `?` marks an optional one ("boolean?"). */
  readonly params: readonly `${ParamType}${'' | '?'}`[];
  readonly returns: ParamType;
  /** Changes state: refused when the control surface is read-only. */
  readonly mutates: boolean;
  readonly help: string;
  readonly call: (ctx: ControlContext, ...params: RpcValue[]) => RpcValue | Promise<RpcValue>;
}

export type MethodTable = Readonly<Record<string, RpcMethod>>;

/** Calls `name` with `params`; resolves with the value or rejects with an RpcFault. */
export async function dispatch(
  ctx: ControlContext,
  table: MethodTable,
  name: string,
  params: readonly RpcValue[],
): Promise<RpcValue> {
  if (name === 'system.multicall') return multicall(ctx, table, params);
  const method = Object.hasOwn(table, name) ? table[name] : undefined;
  if (!method) throw new RpcFault('UNKNOWN_METHOD');
  checkParams(method, params);
  if (method.mutates && ctx.settings.readOnly) {
    throw new RpcFault('FAILED', `${name} refused: this control server is read-only`);
  }
  try {
    return await method.call(ctx, ...params);
  } catch (error) {
    throw faultFor(error, String(params[0] ?? name));
  }
}

function checkParams(method: RpcMethod, params: readonly RpcValue[]): void {
  const required = method.params.filter((p) => !p.endsWith('?')).length;
  if (params.length < required || params.length > method.params.length) {
    throw new RpcFault('INCORRECT_PARAMETERS');
  }
  params.forEach((value, i) => {
    const type = (method.params[i] as string).replace('?', '');
    if (!matches(type, value)) throw new RpcFault('INCORRECT_PARAMETERS');
  });
}

function matches(type: string, value: RpcValue): boolean {
  switch (type) {
    case 'int':
      return typeof value === 'number' && Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean' || value === 0 || value === 1;
    case 'array':
      return Array.isArray(value);
    case 'struct':
      return typeof value === 'object' && !Array.isArray(value);
    default:
      // supervisord passes numbers through where it wants strings ("signal 1").
      return typeof value === 'string' || typeof value === 'number';
  }
}

async function multicall(
  ctx: ControlContext,
  table: MethodTable,
  params: readonly RpcValue[],
): Promise<RpcValue> {
  const calls = params[0];
  if (params.length !== 1 || !Array.isArray(calls)) throw new RpcFault('INCORRECT_PARAMETERS');
  const results: RpcValue[] = [];
  // One after the other, in order, as supervisord runs them.
  for (const call of calls as RpcValue[]) {
    results.push(await oneOfMany(ctx, table, call));
  }
  return results;
}

async function oneOfMany(ctx: ControlContext, table: MethodTable, call: RpcValue) {
  const { methodName, params = [] } = (call ?? {}) as { methodName?: RpcValue; params?: RpcValue };
  try {
    if (typeof methodName !== 'string') throw new RpcFault('INCORRECT_PARAMETERS', 'No methodName');
    if (methodName === 'system.multicall') {
      throw new RpcFault('INCORRECT_PARAMETERS', 'Recursive system.multicall forbidden');
    }
    if (!Array.isArray(params)) throw new RpcFault('INCORRECT_PARAMETERS');
    return [await dispatch(ctx, table, methodName, params as RpcValue[])];
  } catch (error) {
    const fault = faultFor(error, String(methodName));
    return { faultCode: fault.code, faultString: fault.faultString } satisfies RpcStruct;
  }
}

/** supervisord's `system` namespace over a table (multicall is handled by dispatch). */
export function systemMethods(table: () => MethodTable): MethodTable {
  const names = () => [...Object.keys(table()), 'system.multicall'].sort();
  const find = (name: RpcValue) => {
    const method =
      typeof name === 'string' && Object.hasOwn(table(), name) ? table()[name] : undefined;
    if (!method) throw new RpcFault('SIGNATURE_UNSUPPORTED');
    return method;
  };
  return {
    'system.listMethods': {
      params: [],
      returns: 'array',
      mutates: false,
      help: 'Return an array listing the available method names.',
      call: () => names(),
    },
    'system.methodHelp': {
      params: ['string'],
      returns: 'string',
      mutates: false,
      help: "Return a string showing the method's documentation.",
      call: (_ctx, name) => find(name).help,
    },
    'system.methodSignature': {
      params: ['string'],
      returns: 'array',
      mutates: false,
      help: 'Return an array [return type, parameter types...] describing the method.',
      call: (_ctx, name) => {
        const method = find(name);
        return [method.returns, ...method.params.map((p) => p.replace('?', ''))];
      },
    },
  };
}

export { Faults };
