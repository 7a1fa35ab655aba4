import { type HostChild, hostChildPids, hostChildren, programOf } from './host-children.js';
import { nativeAddon } from './native.js';
import type { ProcessEntry } from './process-table.js';
import { endOfTurn, TurnCache } from './this-turn.js';

/** Orphans and zombies the host has seen, for `supervisor.stats()`. */
export interface OrphanStats {
  /** The host is a child subreaper (escaped descendants re-parent to it). */
  readonly subreaper: boolean;
  /** Zombie children the host cannot reap now (no native addon): see docs/reliability.md. */
  readonly zombies: number;
  /** Orphans reaped by overseer since the host started. */
  readonly reaped: number;
  /** Live orphans re-parented to the host that no program claimed. */
  readonly unclaimed: number;
}

/** A sweep waits at most this long for the zombies of a group it killed to be reaped. */
const SETTLE_MS = 1000;

/** Before a zombie counts as one Node will not reap, it must still be there this long after. */
const SECOND_LOOK_MS = 100;

/**
 * The host's orphans: processes that re-parented to it (it is a child subreaper, or PID 1)
 * rather than being spawned by Node. One per host process, shared by every Supervisor.
 * - claim(): at a program's sweep, the orphans that are its own: its environment names the
 *   program, it kept the program's group or session, or it appeared with this exit.
 * - SIGCHLD (an orphan, or a program, ended): zombie orphans are reaped through the addon;
 *   without it they are counted and a warning names the fix once.
 */
class OrphanWatch {
  #users = 0;
  #subreaper = false;
  #reaped = 0;
  #zombies = 0;
  #warned = false;
  /** Orphans seen so far (pid -> start), with the program that claimed them. */
  readonly #seen = new Map<number, { start: number; owner: string | undefined }>();
  #secondLook: NodeJS.Timeout | undefined;
  /** The orphans as last read: shared until a child exits, a reap, or the next turn. */
  readonly #snapshot = new TurnCache(() => hostChildren(this.#spawned()));
  /** Sweeps waiting for the zombies of a group to be reaped (see settled()). */
  readonly #settling = new Set<{ leader: number; done: () => void }>();
  /** Claims waiting for the end of this turn. */
  #claims: { owner: string; leader: number; resolve: (mine: ProcessEntry[]) => void }[] = [];
  readonly #answerClaimsSoon = endOfTurn(() => this.#answerClaims());
  /** SIGCHLDs of one turn (a stop of many programs) are answered by one look at its end. */
  readonly #onChild = endOfTurn(() => {
    if (this.#users > 0) this.reapZombies();
  });

  /** A Supervisor starts using it; `subreaper` asks for PR_SET_CHILD_SUBREAPER. */
  use(subreaper: boolean): void {
    if (this.#users++ === 0 && process.platform === 'linux') process.on('SIGCHLD', this.#onChild);
    if (subreaper && !this.#subreaper)
      this.#subreaper = nativeAddon()?.setChildSubreaper(true) ?? false;
  }

  release(): void {
    if (--this.#users > 0) return;
    this.#users = 0;
    process.off('SIGCHLD', this.#onChild);
    clearTimeout(this.#secondLook);
  }

  get subreaper(): boolean {
    return this.#subreaper;
  }

  /**
   * Every descendant of the host re-parents to it when its parent dies (the host is a child
   * subreaper through the addon, or PID 1), and claim() can tell them apart: a sweep finds
   * escaped descendants here, after the exit, with no look at the tree before the stop.
   */
  get catchesOrphans(): boolean {
    return nativeAddon() !== undefined && (this.#subreaper || process.pid === 1);
  }

  /**
   * Children of the host that Node did not spawn. Reads within one turn of the event loop
   * share one read, until a child of the host exits (the orphans its exit left are there
   * once Node sees it): stopping many programs at once costs one read, not one each.
   */
  orphans(): HostChild[] {
    return this.#snapshot.get();
  }

  /** A child of the host ended: the next look reads the children again. */
  childExited(): void {
    this.#snapshot.forget();
  }

  /** Notes orphans seen while programs run, so a later sweep does not take them as new. */
  observe(): HostChild[] {
    const found = this.orphans().filter((c) => !c.zombie);
    for (const c of found) {
      // One seen before (same start time) keeps the owner it was given then.
      if (this.#seen.get(c.pid)?.start !== c.start) this.#remember(c, programOf(c.pid));
    }
    return found;
  }

  /**
   * The live orphans that belong to `owner` ("group:name"), whose process `leader` just ended.
   * Claims made in one turn of the event loop are answered together at its end, in the order
   * made, from one read of the host's children (a stop of many programs reads it once).
   */
  claim(owner: string, leader: number): Promise<ProcessEntry[]> {
    // Without the addon, Node's own children cannot be told apart: claim nothing.
    if (!this.catchesOrphans) return Promise.resolve([]);
    return new Promise((resolve) => {
      this.#claims.push({ owner, leader, resolve });
      this.#answerClaimsSoon();
    });
  }

  #answerClaims(): void {
    const claims = this.#claims;
    this.#claims = [];
    for (const { owner, leader, resolve } of claims) resolve(this.#claimNow(owner, leader));
  }

  #claimNow(owner: string, leader: number): ProcessEntry[] {
    const children = this.orphans();
    if (children.length === 0) return [];
    const mine: ProcessEntry[] = [];
    for (const child of children) {
      if (child.zombie) continue;
      const seen = this.#seen.get(child.pid);
      const known = seen !== undefined && seen.start === child.start;
      const named = known ? seen.owner : programOf(child.pid);
      const inGroup = child.pgid === leader || child.sid === leader;
      if (named === owner || inGroup || (!known && named === undefined)) {
        this.#remember(child, owner);
        mine.push(child);
      } else if (!known) this.#remember(child, named);
    }
    return mine;
  }

  /**
   * Resolves once no orphan of `leader`'s group or session is a zombie any more, or after
   * `limitMs`. A process is reapable only once all its threads ended, and its children come
   * to the host then: after this, a claim sees the children of what the sweep just killed.
   * Checked at each SIGCHLD (no polling).
   */
  settled(leader: number, limitMs = SETTLE_MS): Promise<void> {
    if (!this.#dying(leader)) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter = {
        leader,
        done: () => {
          clearTimeout(timer);
          this.#settling.delete(waiter);
          resolve();
        },
      };
      const timer = setTimeout(waiter.done, limitMs);
      this.#settling.add(waiter);
    });
  }

  #dying(leader: number): boolean {
    return this.orphans().some((c) => c.zombie && (c.pgid === leader || c.sid === leader));
  }

  #checkSettling(): void {
    for (const waiter of this.#settling) if (!this.#dying(waiter.leader)) waiter.done();
  }

  /** Reaps zombie orphans (addon), or counts the ones nobody will reap and warns once. */
  reapZombies(): void {
    // A SIGCHLD: an orphan may have died since the last look.
    this.#snapshot.forget();
    const zombies = this.orphans().filter((c) => c.zombie);
    const addon = nativeAddon();
    if (addon && zombies.length > 0) {
      this.#snapshot.forget();
      const reaped = addon.reap(zombies.map((z) => z.pid));
      this.#reaped += reaped.length;
      for (const pid of reaped) this.#seen.delete(pid);
      if (this.#settling.size > 0) this.#checkSettling();
      return;
    }
    if (zombies.length > 0 && !this.#secondLook) {
      // Node reaps its own children on the same SIGCHLD: look again a little later.
      this.#secondLook = setTimeout(() => this.#countUnreaped(), SECOND_LOOK_MS);
      this.#secondLook.unref();
    }
  }

  stats(): OrphanStats {
    const unclaimed = [...this.#seen.values()].filter((s) => s.owner === undefined).length;
    return { subreaper: this.#subreaper, zombies: this.#zombies, reaped: this.#reaped, unclaimed };
  }

  #countUnreaped(): void {
    this.#secondLook = undefined;
    this.#snapshot.forget();
    const zombies = this.orphans().filter((c) => c.zombie);
    this.#zombies = zombies.length;
    if (zombies.length === 0 || this.#warned) return;
    this.#warned = true;
    process.emitWarning(
      `overseer: ${zombies.length} zombie process(es) re-parented to this host (pid ${process.pid}) cannot be reaped: ` +
        'run the host under an init (`docker run --init`, tini, dumb-init), or install overseer where its native addon builds.',
      { code: 'OVERSEER_ZOMBIES' },
    );
  }

  #remember(child: HostChild, owner: string | undefined): void {
    this.#seen.set(child.pid, { start: child.start, owner });
    if (this.#seen.size > 4096) {
      const alive = new Set(hostChildPids());
      for (const pid of this.#seen.keys()) if (!alive.has(pid)) this.#seen.delete(pid);
    }
  }

  #spawned(): Set<number> {
    return new Set(nativeAddon()?.spawnedPids() ?? []);
  }
}

/** The host's one orphan watch. */
export const orphanWatch = new OrphanWatch();
