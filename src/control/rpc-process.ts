/**
 * supervisord's process control methods: start, stop, signal (one process, a group, all) and
 * sendProcessStdin, with its result structs and fault codes.
 */
import {
  isRunningState,
  isSignallableState,
  type ProcessResult,
  type Program,
  type Supervisor,
} from '../index.js';
import type { ControlContext } from './context.js';
import { Faults, faultFor, RpcFault } from './faults.js';
import { groupsByPriority, makeNamespec, resolveTarget } from './names.js';
import type { MethodTable } from './rpc-registry.js';
import type { RpcStruct, RpcValue } from './xmlrpc-codec.js';

/** Codes supervisorctl's start output knows; anything else would crash it. */
const START_CODES = new Set<number>([10, 20, 21, 40, 50, 60, 80]);

function startFault(error: unknown, name: string): RpcFault {
  const fault = faultFor(error, name);
  return START_CODES.has(fault.code) ? fault : new RpcFault('ABNORMAL_TERMINATION', fault.message);
}

type Kind = 'start' | 'stop' | 'signal';

function resultStruct(r: ProcessResult, kind: Kind): RpcStruct {
  const base = { name: r.name, group: r.group };
  if (r.ok) return { ...base, status: Faults.SUCCESS, description: 'OK' };
  const namespec = makeNamespec(r.group, r.name);
  const fault = kind === 'start' ? startFault(r.error, namespec) : faultFor(r.error, namespec);
  return { ...base, status: fault.code, description: fault.faultString };
}

const ok = (p: Program): ProcessResult => ({
  name: p.name,
  group: p.group,
  ok: true,
  state: p.state,
});

function groupOf(supervisor: Supervisor, name: string) {
  const group = supervisor.group(name);
  if (!group) throw new RpcFault('BAD_NAME', name);
  return group;
}

async function startOne(ctx: ControlContext, name: string, wait: boolean): Promise<RpcValue> {
  const { program, group } = resolveTarget(ctx.supervisor, name);
  if (!program) return startGroup(ctx, group, wait);
  if (isRunningState(program.state)) throw new RpcFault('ALREADY_STARTED', name);
  if (program.state === 'UNKNOWN') {
    throw new RpcFault('FAILED', `${name} is in an unknown process state`);
  }
  const started = program.start();
  if (!wait) {
    started.catch(() => {}); // reported through the program's events
    return true;
  }
  try {
    await started;
  } catch (error) {
    throw startFault(error, name);
  }
  return true;
}

async function startGroup(ctx: ControlContext, name: string, wait: boolean): Promise<RpcValue> {
  const group = groupOf(ctx.supervisor, name);
  const targets = group.members.filter((p) => !isRunningState(p.state));
  const running = group.start();
  if (!wait) {
    running.catch(() => {});
    return targets.map((p) => resultStruct(ok(p), 'start'));
  }
  return (await running).map((r) => resultStruct(r, 'start'));
}

async function stopOne(ctx: ControlContext, name: string, wait: boolean): Promise<RpcValue> {
  const { program, group } = resolveTarget(ctx.supervisor, name);
  if (!program) return stopGroup(ctx, group, wait);
  if (!isRunningState(program.state)) throw new RpcFault('NOT_RUNNING', name);
  const stopped = program.stop();
  if (!wait) {
    stopped.catch(() => {});
    return true;
  }
  await stopped;
  return true;
}

async function stopGroup(ctx: ControlContext, name: string, wait: boolean): Promise<RpcValue> {
  const group = groupOf(ctx.supervisor, name);
  const targets = new Set(group.members.filter((p) => isRunningState(p.state)));
  const stopping = group.stop();
  if (!wait) {
    stopping.catch(() => {});
    return [...targets].map((p) => resultStruct(ok(p), 'stop'));
  }
  const results = await stopping;
  return results
    .filter((r) => [...targets].some((p) => p.name === r.name && p.group === r.group))
    .map((r) => resultStruct(r, 'stop'));
}

/** "HUP", "SIGHUP" or "1" (supervisord's signal_number). */
const signalArg = (signal: RpcValue) =>
  typeof signal === 'string' && /^\d+$/.test(signal) ? Number(signal) : (signal as string | number);

function signalOne(ctx: ControlContext, name: string, signal: RpcValue): RpcValue {
  const { program, group } = resolveTarget(ctx.supervisor, name);
  if (!program) return signalGroup(ctx, group, signal);
  program.signal(signalArg(signal));
  return true;
}

function signalGroup(ctx: ControlContext, name: string, signal: RpcValue): RpcValue {
  const members = groupOf(ctx.supervisor, name).members;
  return signalEach(members, signal);
}

function signalEach(programs: readonly Program[], signal: RpcValue): RpcValue {
  return programs
    .filter((p) => isSignallableState(p.state))
    .map((p) => {
      try {
        p.signal(signalArg(signal));
        return resultStruct(ok(p), 'signal');
      } catch (error) {
        const r = {
          name: p.name,
          group: p.group,
          ok: false,
          state: p.state,
          error: error as Error,
        };
        return resultStruct(r, 'signal');
      }
    });
}

async function eachGroup(
  ctx: ControlContext,
  order: 'up' | 'down',
  act: (group: string) => Promise<RpcValue>,
): Promise<RpcValue> {
  const groups = groupsByPriority(ctx.supervisor);
  if (order === 'down') groups.reverse();
  const results: RpcValue[] = [];
  for (const group of groups) results.push(...((await act(group)) as RpcValue[]));
  return results;
}

async function sendStdin(ctx: ControlContext, name: string, chars: RpcValue): Promise<RpcValue> {
  if (typeof chars !== 'string') throw new RpcFault('INCORRECT_PARAMETERS', String(chars));
  const { program } = resolveTarget(ctx.supervisor, name);
  if (!program) throw new RpcFault('BAD_NAME', name);
  if (!program.pid || program.state === 'STOPPING') throw new RpcFault('NOT_RUNNING', name);
  try {
    await program.write(chars);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EPIPE') throw new RpcFault('NO_FILE', name);
    throw error;
  }
  return true;
}

const wait = (value: RpcValue | undefined) => value === undefined || Boolean(value);

const control = (
  params: readonly ('string' | 'boolean?')[],
  help: string,
  call: MethodTable[string]['call'],
  returns: 'boolean' | 'array' = 'boolean',
) => ({ params, returns, mutates: true, help, call }) as const;

export const processMethods: MethodTable = {
  'supervisor.startProcess': control(
    ['string', 'boolean?'],
    'Start a process ("name", "group:name" or "group:*").',
    (ctx, name, w) => startOne(ctx, String(name), wait(w)),
  ),
  'supervisor.startProcessGroup': control(
    ['string', 'boolean?'],
    'Start every process of a group.',
    (ctx, name, w) => startGroup(ctx, String(name), wait(w)),
    'array',
  ),
  'supervisor.startAllProcesses': control(
    ['boolean?'],
    'Start every process not running.',
    (ctx, w) => eachGroup(ctx, 'up', (g) => startGroup(ctx, g, wait(w))),
    'array',
  ),
  'supervisor.stopProcess': control(
    ['string', 'boolean?'],
    'Stop a process ("name", "group:name" or "group:*").',
    (ctx, name, w) => stopOne(ctx, String(name), wait(w)),
  ),
  'supervisor.stopProcessGroup': control(
    ['string', 'boolean?'],
    'Stop every process of a group.',
    (ctx, name, w) => stopGroup(ctx, String(name), wait(w)),
    'array',
  ),
  'supervisor.stopAllProcesses': control(
    ['boolean?'],
    'Stop every running process.',
    (ctx, w) => eachGroup(ctx, 'down', (g) => stopGroup(ctx, g, wait(w))),
    'array',
  ),
  'supervisor.signalProcess': control(
    ['string', 'string'],
    'Send a signal ("HUP" or "1") to a process.',
    (ctx, name, sig) => signalOne(ctx, String(name), sig as RpcValue),
  ),
  'supervisor.signalProcessGroup': control(
    ['string', 'string'],
    'Send a signal to every process of a group.',
    (ctx, name, sig) => signalGroup(ctx, String(name), sig as RpcValue),
    'array',
  ),
  'supervisor.signalAllProcesses': control(
    ['string'],
    'Send a signal to every process.',
    (ctx, sig) => signalEach(ctx.supervisor.programs, sig as RpcValue),
    'array',
  ),
  'supervisor.sendProcessStdin': control(
    ['string', 'string'],
    "Write characters to a process's stdin.",
    (ctx, name, chars) => sendStdin(ctx, String(name), chars as RpcValue),
  ),
};
