/**
 * The shape of a conformance scenario: one supervisord-style program config, a script of
 * actions run identically against supervisord and overseer, and what to compare.
 */

/** A program, in supervisord's own option names (the [program:x] section). */
export interface ProgramSpec {
  name: string;
  /** A command line; both sides split it like a shell (supervisord with shlex). */
  command: string;
  autostart?: boolean;
  startsecs?: number;
  startretries?: number;
  autorestart?: boolean | 'unexpected';
  exitcodes?: readonly number[];
  stopsignal?: string;
  stopwaitsecs?: number;
  priority?: number;
  /** supervisord's numprocs: processes `<name>_0` ... in group `<name>` (process_name below). */
  numprocs?: number;
}

/** The process_name template of a pool (numprocs), on both sides. */
export const POOL_PROCESS_NAME = '%(program_name)s_%(process_num)d';

/** The names of a spec's processes: its name, or `<name>_0`... for a pool. */
export function processNames(p: ProgramSpec): string[] {
  if (p.numprocs === undefined) return [p.name];
  return Array.from({ length: p.numprocs }, (_, i) => `${p.name}_${i}`);
}

/** One step of a scenario's script. Every wait is bounded by the scenario's timeout. */
export type Action =
  /** Explicit start (XML-RPC startProcess / program.start()); outcome not awaited. */
  | { readonly do: 'start'; readonly name: string }
  /** Stop request (XML-RPC stopProcess / program.stop()); outcome not awaited. */
  | { readonly do: 'stop'; readonly name: string }
  /** SIGKILL the current pid of the program, from outside the supervisor. */
  | { readonly do: 'kill9'; readonly name: string }
  /** Wait until the program has entered `state` for the `nth` time (default 1). */
  | {
      readonly do: 'waitState';
      readonly name: string;
      readonly state: string;
      readonly nth?: number;
    }
  /** Wait until the program has made at least `count` transitions. */
  | { readonly do: 'waitCount'; readonly name: string; readonly count: number }
  /**
   * Stop the whole supervisor, as on SIGTERM (supervisord) / supervisor.stop() (overseer),
   * and wait until it is done.
   */
  | { readonly do: 'shutdown' }
  /** Let time pass (to show that nothing more happens, e.g. no restart). */
  | { readonly do: 'sleep'; readonly ms: number };

/**
 * A supervisord behaviour we change on purpose. Each side is then checked against its own
 * explicit expectation instead of against the other side. Never silent: printed on every run.
 */
export interface DeliberateDifference {
  /** Why overseer differs, with a pointer to the documentation. */
  readonly reason: string;
  /** What overseer must produce instead, per program (same format as `expect`). */
  readonly overseer: Readonly<Record<string, readonly string[]>>;
}

export interface Scenario {
  /** Short kebab-case id, printed in the PASS/FAIL line. */
  readonly id: string;
  readonly description: string;
  readonly programs: readonly ProgramSpec[];
  readonly actions: readonly Action[];
  /** Upper bound on the whole script, per side, in milliseconds. */
  readonly timeoutMs: number;
  /**
   * Compare only the first N transitions per program (for loops that never settle:
   * crash loops, startsecs=0). Without it, everything recorded up to the script's end.
   */
  readonly prefix?: number;
  /**
   * supervisord's sequence per program as documented by the reference: the supervisord
   * side must produce it (this guards the harness), and overseer must match supervisord.
   */
  readonly expect: Readonly<Record<string, readonly string[]>>;
  /**
   * Also compare the interleaving across programs of some transitions, as `name: FROM->TO`
   * in the order they happened (e.g. ['STOPPED->STARTING'] for the start order by priority).
   */
  readonly order?: { readonly transitions: readonly string[]; readonly expect: readonly string[] };
  readonly deliberate?: DeliberateDifference;
}

/** One recorded state change, normalized the same way on both sides. */
export interface Transition {
  readonly name: string;
  readonly from: string;
  readonly to: string;
  /** STARTING and BACKOFF: supervisord's retry counter. */
  readonly tries?: number;
  /** EXITED: whether the exit status was in exitcodes. */
  readonly expected?: boolean;
}

/**
 * The text compared: `FROM->TO`, plus ` tries=N` on STARTING/BACKOFF and
 * ` expected`/` unexpected` on EXITED.
 */
export function formatTransition(t: Transition): string {
  let s = `${t.from}->${t.to}`;
  if ((t.to === 'STARTING' || t.to === 'BACKOFF') && t.tries !== undefined)
    s += ` tries=${t.tries}`;
  if (t.to === 'EXITED' && t.expected !== undefined) s += t.expected ? ' expected' : ' unexpected';
  return s;
}
