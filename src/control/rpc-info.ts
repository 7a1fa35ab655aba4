/** supervisord's status methods: versions, identification, state, pid, process info. */
import { readFileSync } from 'node:fs';
import { RpcFault } from './faults.js';
import { resolveProgram } from './names.js';
import { configRecord, processRecord } from './process-record.js';
import type { MethodTable } from './rpc-registry.js';

/** The RPC API version supervisorctl 4 expects. */
export const API_VERSION = '3.0';

/** overseer's own version (package.json sits two levels up from src/control and dist/control). */
export const OVERSEER_VERSION: string = (() => {
  try {
    const url = new URL('../../package.json', import.meta.url);
    return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
})();

const apiVersion = {
  params: [],
  returns: 'string',
  mutates: false,
  help: 'Return the version of the RPC API used by supervisord.',
  call: () => API_VERSION,
} as const;

export const infoMethods: MethodTable = {
  'supervisor.getAPIVersion': apiVersion,
  'supervisor.getVersion': apiVersion,
  'supervisor.getSupervisorVersion': {
    params: [],
    returns: 'string',
    mutates: false,
    help: 'Return the version of overseer in use.',
    call: () => OVERSEER_VERSION,
  },
  'supervisor.getIdentification': {
    params: [],
    returns: 'string',
    mutates: false,
    help: 'Return the identifying string of this supervisor.',
    call: (ctx) => ctx.settings.identification,
  },
  'supervisor.getState': {
    params: [],
    returns: 'struct',
    mutates: false,
    help: 'Return the state of the supervisor as {statecode, statename}.',
    call: () => ({ statecode: 1, statename: 'RUNNING' }),
  },
  'supervisor.getPID': {
    params: [],
    returns: 'int',
    mutates: false,
    help: 'Return the PID of the process that hosts the supervisor.',
    call: () => process.pid,
  },
  'supervisor.getProcessInfo': {
    params: ['string'],
    returns: 'struct',
    mutates: false,
    help: 'Get info about a process named name ("group:name").',
    call: (ctx, name) => processRecord(resolveProgram(ctx.supervisor, String(name)).info()),
  },
  'supervisor.getAllProcessInfo': {
    params: [],
    returns: 'array',
    mutates: false,
    help: 'Get info about all processes, sorted by group then name.',
    call: (ctx) => ctx.supervisor.info().map(processRecord),
  },
  'supervisor.getAllConfigInfo': {
    params: [],
    returns: 'array',
    mutates: false,
    help: 'Get info about every process configuration.',
    call: (ctx) =>
      [...ctx.supervisor.programs].sort((a, b) => a.name.localeCompare(b.name)).map(configRecord),
  },
  'supervisor.shutdown': {
    params: [],
    returns: 'boolean',
    mutates: true,
    help: 'Stop every program (only with allowShutdown: true). The host keeps running.',
    call: (ctx) => {
      if (!ctx.settings.allowShutdown) {
        throw new RpcFault('FAILED', 'shutdown is not allowed (serveControl allowShutdown: false)');
      }
      void ctx.supervisor.stop();
      return true;
    },
  },
  'supervisor.restart': {
    params: [],
    returns: 'boolean',
    mutates: true,
    help: 'Not supported: the supervisor lives inside its host application.',
    call: () => {
      throw new RpcFault(
        'FAILED',
        'restart is not supported: the supervisor is embedded in its host',
      );
    },
  },
};
