import type { Readable } from 'node:stream';
import type { ProgramConfig } from '../options/program-options.js';
import { ChildRun, type RunHandlers } from './child-run.js';
import { signalUnlessGone } from './kill.js';
import { restartPacer } from './loop-pacer.js';
import { orphanWatch } from './orphans.js';
import { isSameProcess, type ProcessEntry, readProcStat } from './process-table.js';
import { killTree, reapLeftovers, snapshotDescendants } from './reap.js';
import { planSpawn } from './resolve.js';
import type { StdinLike } from './stdin-channel.js';
import { endOfTurn } from './this-turn.js';

/** One process run, as the Program sees it. */
export interface RunHandle {
  /** 0 while a spawn failure is pending. */
  readonly pid: number;
  readonly stdin: StdinLike | null;
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;
  /** Signal the process or its group; false when nobody was there; throws otherwise. */
  signal(signal: NodeJS.Signals, group: boolean): boolean;
  /** After the exit: true while other members of its process group live (optional). */
  groupAlive?(): boolean;
  /** SIGKILL, to the group and the whole tree when `group`. */
  forceKill(group: boolean): void;
  /**
   * Remember descendants for the sweep after the exit: the given pids (from a sample), or
   * without them a fresh scan of the live tree. Returns the ones not known before.
   */
  rememberDescendants(pids?: readonly number[]): readonly ProcessEntry[];
  /** After the exit: kill the group and every remembered or session descendant still alive. */
  reap(): Promise<number>;
  /** Messages from the child's IPC channel, when the program asked for one (see wantsIpc). */
  onMessage?(listener: (message: unknown) => void): void;
}

/** The only door to the OS: spawning. Replaceable in tests. */
export interface ProcessDriver {
  /** Throws SpawnFailure (message = spawnError) when the program cannot be spawned. */
  spawn(config: ProgramConfig, handlers: RunHandlers): RunHandle;
  /**
   * Runs `job`, which spawns (an automatic restart), in a turn of the event loop of its own
   * (see loop-pacer.ts); without it, the job runs at once.
   */
  paceSpawn?(job: () => void): void;
}

/** A sample without descendants found none (shared: samples come once a second each). */
const NONE_FOUND: readonly ProcessEntry[] = Object.freeze([]);

/** Sweeps of one exit at most: each claims the orphans the one before it made. */
const SWEEP_ROUNDS = 3;

/** Known descendants kept per run before dead ones are pruned. */
const MAX_KNOWN = 256;

class SystemRun implements RunHandle {
  /** Descendants seen while the process lived, by pid (start time tells reuse apart). */
  #known: Map<number, ProcessEntry> | undefined;

  readonly #run: ChildRun;
  /** "group:name", the owner orphans are claimed for. */
  readonly #owner: string;
  /** The process exited and its group was then found empty. */
  #groupGone = false;
  /** Its group was SIGKILLed after the exit (before the sweep): their children came here. */
  #killedAfterExit = false;

  constructor(run: ChildRun, owner: string) {
    this.#run = run;
    this.#owner = owner;
  }

  get pid() {
    return this.#run.pid;
  }
  get stdin() {
    return this.#run.stdin;
  }
  get stdout() {
    return this.#run.stdout;
  }
  get stderr() {
    return this.#run.stderr;
  }

  signal(signal: NodeJS.Signals, group: boolean): boolean {
    const sent = this.#run.signal(signal, group);
    if (sent && this.#run.exited && signal === 'SIGKILL') this.#killedAfterExit = true;
    return sent;
  }

  groupAlive(): boolean {
    if (this.pid === 0 || this.#groupGone) return false;
    try {
      if (signalUnlessGone(-this.pid, 0)) return true;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
    // Seen empty after the exit, the group stays empty: nobody can join a group that has no
    // member, so the sweep need not signal it again.
    this.#groupGone = this.#run.exited;
    return false;
  }

  forceKill(group: boolean): void {
    this.#run.signal('SIGKILL', group);
    if (group) void killTree(this.pid, true);
  }

  rememberDescendants(pids?: readonly number[]): readonly ProcessEntry[] {
    if (this.#run.exited || this.pid === 0) return [];
    // Before a stop signal: a host that catches orphans finds escaped descendants at the
    // sweep instead (they re-parent to it), so the stop of many programs walks no trees.
    if (pids === undefined && orphanWatch.catchesOrphans) return NONE_FOUND;
    const found =
      pids === undefined
        ? snapshotDescendants(this.pid)
        : pids.length === 0
          ? NONE_FOUND
          : readEntries(pids.filter((pid) => !this.#known?.has(pid)));
    // Made at the first descendant: most runs have none.
    if (found.length > 0) this.#remember(found);
    // Orphans that re-parented to the host meanwhile are noted with the program they name.
    if (orphanWatch.subreaper) observeOrphansSoon();
    return found;
  }

  #remember(found: readonly ProcessEntry[]): void {
    this.#known ??= new Map();
    const known = this.#known;
    for (const entry of found) known.set(entry.pid, entry);
    if (known.size > MAX_KNOWN) {
      for (const [pid, entry] of known) if (!isSameProcess(entry)) known.delete(pid);
    }
  }

  onMessage(listener: (message: unknown) => void): void {
    this.#run.onMessage(listener);
  }

  /**
   * Sweeps what the run left: its group, remembered descendants, and the orphans it claims.
   * When the sweep (or the SIGKILL to the group at the exit) killed something and the host
   * catches orphans, it claims again: the children of what it killed came to the host then
   * (a setsid grandchild of a child that ignored the stop signal), and nobody looked at the
   * tree before the stop.
   */
  async reap(): Promise<number> {
    if (this.pid === 0) return 0;
    let known = this.#known ? [...this.#known.values()] : NONE_FOUND;
    let swept = 0;
    for (let round = 0; round < SWEEP_ROUNDS; round++) {
      if (round > 0) await orphanWatch.settled(this.pid);
      const orphans = await orphanWatch.claim(this.#owner, this.pid);
      if (round > 0 && orphans.length === 0) break;
      const all = orphans.length === 0 ? known : known.concat(orphans);
      const killed = await reapLeftovers(this.pid, all, !this.#groupGone);
      if (orphans.length > 0) orphanWatch.reapZombies();
      swept += killed;
      const orphaned = killed > 0 || (round === 0 && this.#killedAfterExit);
      if (!orphaned || !orphanWatch.catchesOrphans) break;
      known = NONE_FOUND;
    }
    return swept;
  }
}

/**
 * One look at the host's orphans at the end of this turn, however many programs asked in it:
 * a sampling pass remembers the descendants of every program in one loop, and a look per
 * program would read every child of the host once per program (N^2 reads per pass).
 */
const observeOrphansSoon = endOfTurn(() => orphanWatch.observe());

/** Spawns real processes. */
export const systemDriver: ProcessDriver = {
  spawn(config, handlers) {
    return new SystemRun(
      ChildRun.start(planSpawn(config), new OrphanAwareHandlers(handlers)),
      `${config.group}:${config.name}`,
    );
  },
  paceSpawn(job) {
    restartPacer.pace(job);
  },
};

/** A run's handlers, and a look for orphans at its exit (one small object, no closures). */
class OrphanAwareHandlers implements RunHandlers {
  constructor(private readonly inner: RunHandlers) {}

  onExit(code: number | null, signal: NodeJS.Signals | null): void {
    // Orphans of this process re-parented before Node saw the exit: look again.
    orphanWatch.childExited();
    this.inner.onExit(code, signal);
  }

  onSpawnError(message: string): void {
    this.inner.onSpawnError(message);
  }
}

function readEntries(pids: readonly number[]): ProcessEntry[] {
  return pids.map(readProcStat).filter((e): e is ProcessEntry => e !== undefined);
}
