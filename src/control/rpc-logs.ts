/**
 * supervisord's log methods: the main log (readLog, clearLog) and each process's
 * (read/tail ProcessStdout/StderrLog, clearProcessLogs, clearAllProcessLogs).
 */
import type { LogStream, Program } from '../index.js';
import type { ControlContext } from './context.js';
import { Faults, faultFor, messageOf, RpcFault } from './faults.js';
import { makeNamespec, resolveProgram } from './names.js';
import type { MethodTable, RpcMethod } from './rpc-registry.js';
import type { RpcValue } from './xmlrpc-codec.js';

const isNoFile = (error: unknown) => (error as { code?: string })?.code === 'NO_FILE';

/** The lines kept in memory as the bytes a log file would hold. */
export function memoryLog(program: Program, stream: LogStream): Buffer {
  const lines = program.tail(undefined, stream);
  return Buffer.from(lines.map((l) => (l.continued ? l.line : `${l.line}\n`)).join(''));
}

function sliceLike(data: Buffer, offset: number, length: number): string {
  const start = offset < 0 ? Math.max(0, data.length + offset) : Math.min(offset, data.length);
  const end = length === 0 || offset < 0 ? data.length : Math.min(data.length, start + length);
  return data.subarray(start, end).toString('utf8');
}

/**
 * readProcessStdoutLog: the log file's bytes; a program with no log file (overseer's
 * default without a logDir) reads from the lines kept in memory instead of NO_FILE.
 */
async function readProcessLog(
  ctx: ControlContext,
  name: string,
  offset: number,
  length: number,
  stream: LogStream,
): Promise<string> {
  const program = resolveProgram(ctx.supervisor, name);
  if (offset < 0 && length !== 0) throw new RpcFault('BAD_ARGUMENTS');
  if (length < 0) throw new RpcFault('BAD_ARGUMENTS');
  try {
    return await program.readLog({ stream, offset, length });
  } catch (error) {
    if (!isNoFile(error)) throw error;
    return sliceLike(memoryLog(program, stream), offset, length);
  }
}

async function tailProcessLog(
  ctx: ControlContext,
  name: string,
  offset: number,
  length: number,
  stream: LogStream,
): Promise<RpcValue> {
  const program = resolveProgram(ctx.supervisor, name);
  if (offset < 0 || length < 0) throw new RpcFault('BAD_ARGUMENTS');
  try {
    const tail = await program.tailLog({ stream, offset, length });
    return [tail.data, tail.offset, tail.overflow];
  } catch (error) {
    if (isNoFile(error)) return ['', 0, false]; // as supervisord without a file
    throw error;
  }
}

/** clearProcessLogs: the log files emptied (backups kept); FAILED when that fails. */
async function clearOne(program: Program): Promise<void> {
  try {
    await program.clearLog();
  } catch (error) {
    throw new RpcFault(
      'FAILED',
      `${makeNamespec(program.group, program.name)}: ${messageOf(error)}`,
    );
  }
}

const reader = (stream: LogStream): RpcMethod => ({
  params: ['string', 'int', 'int'],
  returns: 'string',
  mutates: false,
  help: `Read length bytes from name's ${stream} log starting at offset (negative: from the end).`,
  call: (ctx, name, offset, length) =>
    readProcessLog(ctx, String(name), Number(offset), Number(length), stream),
});

const tailer = (stream: LogStream): RpcMethod => ({
  params: ['string', 'int', 'int'],
  returns: 'array',
  mutates: false,
  help: `Tail name's ${stream} log: [bytes, next offset, overflow].`,
  call: (ctx, name, offset, length) =>
    tailProcessLog(ctx, String(name), Number(offset), Number(length), stream),
});

export const logMethods: MethodTable = {
  'supervisor.readLog': {
    params: ['int', 'int'],
    returns: 'string',
    mutates: false,
    help: 'Read length bytes from the main log starting at offset (negative: from the end).',
    call: (ctx, offset, length) => {
      try {
        return ctx.mainLog.read(Number(offset), Number(length));
      } catch {
        throw new RpcFault('BAD_ARGUMENTS');
      }
    },
  },
  'supervisor.clearLog': {
    params: [],
    returns: 'boolean',
    mutates: true,
    help: 'Clear the main log.',
    call: (ctx) => {
      ctx.mainLog.clear();
      return true;
    },
  },
  'supervisor.readProcessStdoutLog': reader('stdout'),
  'supervisor.readProcessLog': reader('stdout'),
  'supervisor.readProcessStderrLog': reader('stderr'),
  'supervisor.tailProcessStdoutLog': tailer('stdout'),
  'supervisor.tailProcessLog': tailer('stdout'),
  'supervisor.tailProcessStderrLog': tailer('stderr'),
  'supervisor.clearProcessLogs': {
    params: ['string'],
    returns: 'boolean',
    mutates: true,
    help: 'Clear the stdout and stderr logs of the named process.',
    call: async (ctx, name) => {
      await clearOne(resolveProgram(ctx.supervisor, String(name)));
      return true;
    },
  },
  'supervisor.clearAllProcessLogs': {
    params: [],
    returns: 'array',
    mutates: true,
    help: 'Clear every process log; one result per process.',
    call: async (ctx) => {
      const results: RpcValue[] = [];
      for (const p of ctx.supervisor.programs) {
        const base = { name: p.name, group: p.group };
        try {
          await clearOne(p);
          results.push({ ...base, status: Faults.SUCCESS, description: 'OK' });
        } catch (error) {
          const fault = faultFor(error, makeNamespec(p.group, p.name));
          results.push({ ...base, status: Faults.FAILED, description: fault.faultString });
        }
      }
      return results;
    },
  },
};
