import { AbnormalTerminationError, SpawnError } from '../errors.js';
import type { ExitInfo, StateChange } from '../events.js';
import { fail, optOneOf } from '../options/validate.js';
import type { Program } from '../program/program.js';
import { isStoppedState } from '../states.js';

/** Options of `supervisor.run()`. */
export interface RunOptions {
  /** Resolve once every named program has exited ('all'), or the first one ('any'). @default 'all' */
  until?: 'all' | 'any';
  /** Addresses of the programs to wait for. @default every autostart program */
  programs?: readonly string[];
}

/**
 * How each program waited for ended, by address ("name", or "group:name" in a group named
 * otherwise). Programs stopped before they ever ran have no entry.
 */
export type RunResult = Record<string, ExitInfo>;

/** What run() needs from the Supervisor: its public face. */
export interface RunHost {
  readonly programs: readonly Program[];
  select(address: string): Program[];
  /** Starts the autostart programs. */
  start(): Promise<unknown>;
  /** Stops everything (dependents first). */
  stop(): Promise<unknown>;
  on(event: 'state', listener: (change: StateChange) => void): () => void;
}

/**
 * Runs programs to completion, docker compose's --abort-on-container-exit as a call: starts
 * them, waits until they (all, or the first) are done, stops everything else, and returns
 * the exit that finished each. A job is done at its first exit from RUNNING (EXITED), at an
 * expected exit before it counted as RUNNING (a job quicker than startSecs), or when it is
 * stopped; something that would run it again (autorestart, a BACKOFF retry) is stopped. A
 * failed start that goes FATAL (of any program not done) stops everything and rejects.
 */
export async function runToCompletion(
  host: RunHost,
  options: RunOptions,
  started: boolean,
): Promise<RunResult> {
  const until = optOneOf({}, 'until', options.until, 'all', ['all', 'any'] as const);
  const targets = selectTargets(host, options.programs);
  const done = new Map<Program, ExitInfo | undefined>();
  let off = () => {};
  const outcome = new Promise<void>((resolve, reject) => {
    off = host.on('state', (change) => {
      const program = host.programs.find((p) => p.name === change.name && p.group === change.group);
      if (!program || done.has(program)) return;
      if (change.to === 'FATAL') reject(fatalError(program, change));
      if (!targets.includes(program) || !finishes(change)) return;
      done.set(program, change.exit ?? program.lastExit);
      // Nothing runs a finished job again: stop the restart or the retry under way.
      queueMicrotask(() => void program.stop().catch(() => {}));
      if (until === 'any' || targets.every((p) => done.has(p))) resolve();
    });
  });
  try {
    await Promise.race([
      outcome,
      (started ? Promise.resolve() : host.start()).then(() => startOthers(targets)),
    ]);
    await outcome;
  } finally {
    off();
    await host.stop();
  }
  return resultOf(targets, done);
}

/** Does this transition finish a job? */
function finishes(change: StateChange): boolean {
  if (change.to === 'EXITED' || change.to === 'STOPPED') return true;
  return change.to === 'BACKOFF' && change.exit?.expected === true;
}

/** Named programs that do not autostart (nor run yet) are started too. */
async function startOthers(targets: readonly Program[]): Promise<void> {
  const others = targets.filter((p) => !p.config.autostart && isStoppedState(p.state));
  // A failure shows as FATAL, which the run reports.
  await Promise.all(others.map((p) => p.start().catch(() => {})));
}

function selectTargets(host: RunHost, programs: readonly string[] | undefined): Program[] {
  if (
    programs !== undefined &&
    (!Array.isArray(programs) || programs.some((a) => typeof a !== 'string'))
  ) {
    fail(
      {},
      'programs',
      programs,
      'Use an array of program or group addresses, like ["migrate", "tests"].',
    );
  }
  const targets = programs
    ? [...new Set(programs.flatMap((address) => host.select(address)))]
    : host.programs.filter((p) => p.config.autostart);
  if (targets.length === 0) {
    fail(
      {},
      'programs',
      programs ?? [],
      'Name at least one program to run (or add autostart programs).',
    );
  }
  return targets;
}

function fatalError(program: Program, change: StateChange): Error {
  if (change.spawnError) return new SpawnError(program.name, change.spawnError);
  return new AbnormalTerminationError(program.name, 'FATAL', change.reason ?? 'gave up');
}

function resultOf(
  targets: readonly Program[],
  done: Map<Program, ExitInfo | undefined>,
): RunResult {
  const result: RunResult = {};
  for (const p of targets) {
    const exit = done.get(p) ?? p.lastExit;
    if (exit) result[p.group === p.name ? p.name : `${p.group}:${p.name}`] = exit;
  }
  return result;
}
