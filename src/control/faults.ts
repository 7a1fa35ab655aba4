/**
 * supervisord's XML-RPC fault codes (supervisor/xmlrpc.py `Faults`) and the mapping from
 * overseer's error codes to them.
 */

export const Faults = {
  UNKNOWN_METHOD: 1,
  INCORRECT_PARAMETERS: 2,
  BAD_ARGUMENTS: 3,
  SIGNATURE_UNSUPPORTED: 4,
  SHUTDOWN_STATE: 6,
  BAD_NAME: 10,
  BAD_SIGNAL: 11,
  NO_FILE: 20,
  NOT_EXECUTABLE: 21,
  FAILED: 30,
  ABNORMAL_TERMINATION: 40,
  SPAWN_ERROR: 50,
  ALREADY_STARTED: 60,
  NOT_RUNNING: 70,
  SUCCESS: 80,
  ALREADY_ADDED: 90,
  STILL_RUNNING: 91,
  CANT_REREAD: 92,
} as const;

export type FaultName = keyof typeof Faults;

/** An XML-RPC fault: `faultString` is supervisord's "NAME: extra". */
export class RpcFault extends Error {
  readonly code: number;
  readonly faultString: string;

  constructor(name: FaultName, extra?: string) {
    const text = extra === undefined || extra === '' ? name : `${name}: ${extra}`;
    super(text);
    this.name = 'RpcFault';
    this.code = Faults[name];
    this.faultString = text;
  }
}

/** overseer error codes that have a supervisord fault of their own. */
const BY_CODE: Readonly<Record<string, FaultName>> = {
  ALREADY_STARTED: 'ALREADY_STARTED',
  NOT_RUNNING: 'NOT_RUNNING',
  SPAWN_ERROR: 'SPAWN_ERROR',
  ABNORMAL_TERMINATION: 'ABNORMAL_TERMINATION',
  BAD_NAME: 'BAD_NAME',
  ALREADY_ADDED: 'ALREADY_ADDED',
  STILL_RUNNING: 'STILL_RUNNING',
  NO_FILE: 'NO_FILE',
  SHUTDOWN_STATE: 'SHUTDOWN_STATE',
  // A dependency that is not RUNNING: the program was never spawned.
  DEPENDENCY_FAILED: 'SPAWN_ERROR',
};

/**
 * The fault for an error thrown by the library while acting on `name`. Faults supervisorctl
 * recognizes carry the name, as supervisord's do; anything else is FAILED with the message.
 */
export function faultFor(error: unknown, name: string): RpcFault {
  if (error instanceof RpcFault) return error;
  const code = (error as { code?: unknown })?.code;
  const option = (error as { option?: unknown })?.option;
  if (code === 'INVALID_OPTION') {
    return option === 'signal'
      ? new RpcFault('BAD_SIGNAL', name)
      : new RpcFault('BAD_ARGUMENTS', messageOf(error));
  }
  const mapped = typeof code === 'string' ? BY_CODE[code] : undefined;
  if (mapped) return new RpcFault(mapped, name);
  return new RpcFault('FAILED', messageOf(error));
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
