/**
 * Every error the library throws or rejects with is an {@link OverseerError} with a stable
 * `code` (one of {@link OverseerErrorCode}; each class has its own literal code), mirroring
 * supervisord's XML-RPC faults where one exists (ALREADY_STARTED, NOT_RUNNING, SPAWN_ERROR,
 * ABNORMAL_TERMINATION, BAD_NAME, ALREADY_ADDED, NO_FILE). Errors about one program carry
 * `program`, and `state` where it explains them; docs/errors.md has the table (a test checks).
 */
export const OVERSEER_ERROR_CODES = [
  'INVALID_OPTION',
  'ALREADY_ADDED',
  'BAD_NAME',
  'ALREADY_STARTED',
  'NOT_RUNNING',
  'STDIN_CLOSED',
  'SPAWN_ERROR',
  'ABNORMAL_TERMINATION',
  'TIMEOUT',
  'ABORTED',
  'SHUTDOWN_STATE',
  'LOG_WRITE_FAILED',
  'NO_FILE',
  'DEPENDENCY_FAILED',
  'UNKNOWN_DEPENDENCY',
  'DEPENDENCY_CYCLE',
  'SIGNAL_FAILED',
  'LISTENER_ERROR',
  'HOOK_FAILED',
  'ROLLING_RESTART_FAILED',
  'INSECURE_BIND',
  'INVALID_CONFIG',
  'EVENT_LISTENER',
] as const;

/** Every `code` an OverseerError can have. */
export type OverseerErrorCode = (typeof OVERSEER_ERROR_CODES)[number];

export class OverseerError<C extends OverseerErrorCode = OverseerErrorCode> extends Error {
  /** Stable, machine-readable code: branch on this, not on the message. */
  readonly code: C;

  constructor(code: C, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** Where an invalid option was found. */
export interface OptionErrorDetails {
  /** The program (or pool) the option belongs to, when known. */
  readonly program?: string | undefined;
  /** The option's name, as the user spells it (`startSecs`, `environment.PATH`). */
  readonly option: string;
  /** The value that was rejected. */
  readonly value: unknown;
  /** What a valid value looks like, phrased as the fix. */
  readonly fix: string;
}

/** An option failed validation. Nothing was added, spawned or changed. */
export class OptionError extends OverseerError<'INVALID_OPTION'> implements OptionErrorDetails {
  readonly program: string | undefined;
  readonly option: string;
  readonly value: unknown;
  readonly fix: string;

  constructor(details: OptionErrorDetails) {
    const where = details.program ? ` of program "${details.program}"` : '';
    super(
      'INVALID_OPTION',
      `Invalid option "${details.option}"${where}: got ${describeValue(details.value)}. ${details.fix}`,
    );
    this.program = details.program;
    this.option = details.option;
    this.value = details.value;
    this.fix = details.fix;
  }
}

/** start() on a program that is STARTING, RUNNING or BACKOFF. */
export class AlreadyStartedError extends OverseerError<'ALREADY_STARTED'> {
  readonly program: string;
  readonly state: string;
  constructor(program: string, state: string) {
    super('ALREADY_STARTED', `Program "${program}" is already started (state ${state}).`);
    this.program = program;
    this.state = state;
  }
}

/** stop(), signal() or write() on a program with no process. */
export class NotRunningError extends OverseerError<'NOT_RUNNING'> {
  readonly program: string;
  readonly state: string;
  constructor(program: string, state: string, action: string) {
    super(
      'NOT_RUNNING',
      `Cannot ${action} program "${program}": it is not running (state ${state}).`,
    );
    this.program = program;
    this.state = state;
  }
}

/** write() to a running program that closed its stdin (EPIPE): it runs, it reads no more. */
export class StdinClosedError extends OverseerError<'STDIN_CLOSED'> {
  readonly program: string;
  readonly state = 'RUNNING';
  constructor(program: string, cause?: unknown) {
    super(
      'STDIN_CLOSED',
      `Cannot write to program "${program}": it is running but has closed its stdin.`,
      { cause },
    );
    this.program = program;
  }
}

/** start() gave up (FATAL) because the process could not be spawned (see `spawnError`). */
export class SpawnError extends OverseerError<'SPAWN_ERROR'> {
  readonly program: string;
  readonly state = 'FATAL';
  readonly spawnError: string;
  constructor(program: string, spawnError: string) {
    super('SPAWN_ERROR', `Program "${program}" could not be spawned: ${spawnError}`);
    this.program = program;
    this.spawnError = spawnError;
  }
}

/** start() gave up because the process exited before it reached RUNNING. */
export class AbnormalTerminationError extends OverseerError<'ABNORMAL_TERMINATION'> {
  readonly program: string;
  readonly state: string;
  constructor(program: string, state: string, detail: string) {
    super(
      'ABNORMAL_TERMINATION',
      `Program "${program}" did not reach RUNNING (now ${state}): ${detail}`,
    );
    this.program = program;
    this.state = state;
  }
}

/** No program or group by that name. */
export class BadNameError extends OverseerError<'BAD_NAME'> {
  /** The address that named nothing. */
  readonly address: string;
  constructor(address: string, known: readonly string[] = []) {
    const hint = known.length ? ` Known: ${known.slice(0, 10).join(', ')}.` : '';
    super('BAD_NAME', `No program or group named "${address}".${hint}`);
    this.address = address;
  }
}

/** A program or group with that name already exists. */
export class AlreadyAddedError extends OverseerError<'ALREADY_ADDED'> {
  /** "group:name" of the program that exists. */
  readonly program: string;
  constructor(program: string) {
    super(
      'ALREADY_ADDED',
      `A program "${program}" already exists. Pick another name, or remove it first.`,
    );
    this.program = program;
  }
}

/** A wait ran out of time. */
export class TimeoutError extends OverseerError<'TIMEOUT'> {
  /** The program waited on, when the wait was about one. */
  readonly program: string | undefined;
  constructor(what: string, timeoutMs: number, program?: string) {
    super('TIMEOUT', `Timed out after ${timeoutMs} ms waiting for ${what}.`);
    this.program = program;
  }
}

/** A wait was cancelled through its AbortSignal, or the program was removed. */
export class AbortError extends OverseerError<'ABORTED'> {
  /** The program waited on, when the wait was about one. */
  readonly program: string | undefined;
  constructor(what: string, reason?: unknown, program?: string) {
    super('ABORTED', `Stopped waiting for ${what}: aborted.`, { cause: reason });
    this.program = program;
  }
}

/** The supervisor is shutting down (or was disposed) and takes no new work. */
export class ShutdownError extends OverseerError<'SHUTDOWN_STATE'> {
  constructor(action: string) {
    super('SHUTDOWN_STATE', `Cannot ${action}: the supervisor is shutting down.`);
  }
}

/** A listener threw; the supervisor caught it and carried on. */
export class ListenerError extends OverseerError<'LISTENER_ERROR'> {
  readonly event: string;
  constructor(event: string, cause: unknown) {
    super('LISTENER_ERROR', `A listener for "${event}" threw: ${String(cause)}`, { cause });
    this.event = event;
  }
}

/** Signalling a process failed with an error other than ESRCH: the state is now UNKNOWN. */
export class SignalError extends OverseerError<'SIGNAL_FAILED'> {
  readonly program: string;
  readonly signal: string;
  constructor(program: string, signal: string, cause: unknown) {
    super('SIGNAL_FAILED', `Could not send ${signal} to program "${program}": ${String(cause)}`, {
      cause,
    });
    this.program = program;
    this.signal = signal;
  }
}

export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (value === undefined) return 'undefined';
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'symbol') return value.toString();
  try {
    const text = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
    if (text !== undefined) return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    // circular or unreadable: fall through
  }
  try {
    return String(value);
  } catch {
    return Array.isArray(value) ? 'an array' : 'an object';
  }
}

/** A lifecycle hook threw or ran past hookTimeoutSecs. A failing beforeStart vetoes the start. */
export class HookError extends OverseerError<'HOOK_FAILED'> {
  readonly program: string;
  /** `beforeStart`, `afterStart`, `beforeStop` or `afterExit`. */
  readonly hook: string;
  /** True when the hook did not settle within hookTimeoutSecs. */
  readonly timedOut: boolean;
  constructor(program: string, hook: string, detail: { cause?: unknown; timeoutMs?: number }) {
    const why =
      detail.timeoutMs === undefined
        ? `threw: ${detail.cause instanceof Error ? detail.cause.message : String(detail.cause)}`
        : `did not finish within ${detail.timeoutMs / 1000} s (hookTimeoutSecs)`;
    const veto = hook === 'beforeStart' ? ' The program was not started.' : '';
    super('HOOK_FAILED', `The ${hook} hook of program "${program}" ${why}.${veto}`, {
      cause: detail.cause,
    });
    this.program = program;
    this.hook = hook;
    this.timedOut = detail.timeoutMs !== undefined;
  }
}

/**
 * A rolling restart (or a rolling update()) stopped because a member did not come back
 * RUNNING (and ready) in time. The members not yet replaced were left running as they were.
 */
export class RollingRestartError extends OverseerError<'ROLLING_RESTART_FAILED'> {
  /** "group:name" of the member that failed to come back. */
  readonly program: string;
  /** "group:name" of the members replaced before it, in order. */
  readonly restarted: readonly string[];
  /** "group:name" of the members left untouched. */
  readonly untouched: readonly string[];
  constructor(
    program: string,
    progress: { restarted: readonly string[]; untouched: readonly string[] },
    cause: unknown,
  ) {
    const why = cause instanceof Error ? cause.message : String(cause);
    const left = progress.untouched.length
      ? ` ${progress.untouched.length} member(s) left running untouched: ${progress.untouched.join(', ')}.`
      : '';
    super(
      'ROLLING_RESTART_FAILED',
      `Rolling restart stopped at "${program}": it did not come back RUNNING: ${why}.${left}`,
      { cause },
    );
    this.program = program;
    this.restarted = progress.restarted;
    this.untouched = progress.untouched;
  }
}

/** serveControl() (overseer/control) was asked to listen beyond loopback without credentials. */
export class InsecureBindError extends OverseerError<'INSECURE_BIND'> {
  readonly host: string;
  constructor(host: string) {
    super(
      'INSECURE_BIND',
      `Refusing to serve the control surface on "${host}" without credentials: anyone who can reach it could stop your programs. Pass username and password, or bind to 127.0.0.1.`,
    );
    this.host = host;
  }
}
