import { type ChildProcess, spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { JsonLines } from '../health/json-lines.js';
import { signalUnlessGone } from './kill.js';
import { outputPipes } from './output-pipes.js';
import type { SpawnPlan } from './resolve.js';
import { SpawnFailure } from './resolve.js';
import { type StdinLike, stdinChannel } from './stdin-channel.js';

export interface RunHandlers {
  /** The process ended (Node reaped it). */
  onExit(code: number | null, signal: NodeJS.Signals | null): void;
  /** The spawn failed after child_process.spawn returned (no pid was ever assigned). */
  onSpawnError(message: string): void;
}

/**
 * One run of a program's process: spawned detached (its own session and process group, so
 * the group can be signalled as a whole), with stdin/stdout/stderr pipes (stdout and stderr
 * our own when the native addon makes them: see output-pipes.ts).
 */
export class ChildRun {
  readonly pid: number;
  readonly stdin: StdinLike | null;
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;
  readonly #child: ChildProcess;
  readonly #handlers: RunHandlers;
  /** Our own stdin channel (undefined for Node's pipe, which Node closes at the exit). */
  readonly #ownStdin: StdinLike | undefined;
  #exited = false;

  private constructor(
    child: ChildProcess,
    handlers: RunHandlers,
    [stdout, stderr]: readonly [Readable | null, Readable | null],
    stdin: StdinLike | undefined,
  ) {
    this.#child = child;
    this.#handlers = handlers;
    this.#ownStdin = stdin;
    this.pid = child.pid ?? 0;
    this.stdin = stdin ?? child.stdin;
    this.stdout = stdout ?? child.stdout;
    this.stderr = stderr ?? child.stderr;
    // A pipe closed by the child must not crash the host.
    const channel = child.stdio[3] as Readable | null | undefined;
    for (const stream of [child.stdin, this.stdout, this.stderr, channel])
      stream?.on('error', ignore);
    // on, not once ('exit' comes once): once() wraps the listener in two more objects. One
    // function for every run (a closure per run held about 150 bytes with its contexts).
    runOf.set(child, this);
    child.on('exit', ChildRun.#onExit);
    if (this.pid === 0) {
      stdin?.destroy();
      child.once('error', (error) => handlers.onSpawnError(describeSpawnError(error)));
    }
  }

  /** Node calls an 'exit' listener with `this` set to the ChildProcess. */
  static #onExit(this: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the emitter here, not the class
    const run = runOf.get(this);
    if (run) run.#exit(code, signal);
  }

  #exit(code: number | null, signal: NodeJS.Signals | null): void {
    this.#exited = true;
    // Node closes its own stdin pipe at the exit; ours is closed here.
    this.#ownStdin?.destroy();
    // A descendant that inherited fd 3 must not keep the channel (and the host) open.
    (this.#child.stdio[3] as Readable | null | undefined)?.destroy();
    this.#handlers.onExit(code, signal);
  }

  /** Spawns the plan. Throws SpawnFailure when the OS refuses at once (EMFILE, EAGAIN...). */
  static start(plan: SpawnPlan, handlers: RunHandlers): ChildRun {
    const previousMask = plan.umask === undefined ? undefined : process.umask(plan.umask);
    const input = stdinChannel();
    const output = outputPipes();
    try {
      const child = spawn(plan.file, plan.args, {
        cwd: plan.cwd,
        env: plan.env,
        uid: plan.uid,
        gid: plan.gid,
        detached: true,
        // The IPC channel is a plain socket on fd 3 read as JSON lines (see JsonLines), not
        // Node's 'ipc', whose parser throws into the host on a line that is not JSON.
        stdio: plan.ipc ? [input.stdio, ...output.stdio, 'pipe'] : [input.stdio, ...output.stdio],
      });
      output.spawned();
      return new ChildRun(child, handlers, output.readables, input.spawned());
    } catch (error) {
      input.close();
      output.close();
      throw new SpawnFailure(describeSpawnError(error));
    } finally {
      if (previousMask !== undefined) process.umask(previousMask);
    }
  }

  /** Calls `listener` with each message the child sends on its IPC channel (when it has one). */
  onMessage(listener: (message: unknown) => void): void {
    const channel = this.#child.stdio[3] as Readable | null | undefined;
    if (!channel) return;
    const reader = new JsonLines();
    channel.on('data', (chunk: Buffer) => {
      for (const message of reader.push(chunk)) listener(message);
    });
  }

  get exited(): boolean {
    return this.#exited;
  }

  /**
   * Sends a signal to the process, or to its whole process group. Returns false when there
   * was nobody to signal (ESRCH); throws any other error.
   */
  signal(signal: NodeJS.Signals, group: boolean): boolean {
    if (this.pid === 0) return false;
    return signalUnlessGone(group ? -this.pid : this.pid, signal);
  }
}

function ignore(): void {}

/** The run of each ChildProcess, for the shared 'exit' listener. */
const runOf = new WeakMap<ChildProcess, ChildRun>();

function describeSpawnError(error: unknown): string {
  const err = error as NodeJS.ErrnoException;
  switch (err.code) {
    case 'ENOENT':
      return `can't find command or directory (${err.message})`;
    case 'EACCES':
      return `permission denied (${err.message})`;
    case 'EMFILE':
    case 'ENFILE':
      return `too many open files to spawn a child (${err.code})`;
    case 'EAGAIN':
      return `too many processes to fork (EAGAIN)`;
    default:
      return err.message ?? String(error);
  }
}
