import treeKill from 'tree-kill';
import { DescendantWalk } from './descendant-walk.js';
import { signalUnlessGone } from './kill.js';
import {
  descendantsOf,
  isSameProcess,
  type ProcessEntry,
  processTableRead,
  readProcessTable,
} from './process-table.js';

const walk = new DescendantWalk();

/**
 * Finds the processes a run left behind: members of its process group or session, and
 * earlier-known descendants (taken while it was alive; the caller checked they are still the
 * same processes).
 */
export function findLeftovers(leader: number, known: readonly ProcessEntry[]): ProcessEntry[] {
  const table = readTable();
  const found = new Map<number, ProcessEntry>();
  for (const entry of table) {
    if (entry.pid !== leader && (entry.pgid === leader || entry.sid === leader))
      found.set(entry.pid, entry);
  }
  for (const entry of known) if (entry.pid !== process.pid) found.set(entry.pid, entry);
  // Their own descendants may have left the group or session: take them too.
  for (const entry of [...found.values()]) {
    for (const child of descendantsOf(table, entry.pid)) found.set(child.pid, child);
  }
  found.delete(process.pid);
  return [...found.values()];
}

/**
 * Descendants of a live process, for a later sweep once it is gone: walked down its child
 * lists, or looked up in the process table once a turn's walks would cost more than it.
 */
export function snapshotDescendants(pid: number): ProcessEntry[] {
  const walked = walk.worthWalking(processTableRead()) ? walk.descendants(pid) : undefined;
  return walked ?? descendantsOf(readTable(), pid);
}

function readTable(): readonly ProcessEntry[] {
  const table = readProcessTable();
  walk.tableRead(table.length);
  return table;
}

/**
 * SIGKILLs the group of a process that is gone, then every leftover, and waits until they are
 * gone. A process that left nothing behind (its group is empty and no known descendant lives)
 * costs no process-table scan, so a crash loop stays cheap. `group: false` when the group
 * was already seen empty after the exit (it cannot fill again): no signal is sent to it.
 */
export async function reapLeftovers(
  leader: number,
  known: readonly ProcessEntry[],
  group = true,
): Promise<number> {
  const groupHadMembers = group && killQuietly(-leader);
  const knownAlive = known.length === 0 ? known : known.filter(isSameProcess);
  if (!groupHadMembers && knownAlive.length === 0) return 0;
  await new Promise<void>((resolve) => setImmediate(resolve));
  const leftovers = findLeftovers(leader, knownAlive);
  for (const entry of leftovers) killQuietly(entry.pid);
  await waitGone(leftovers, 2000);
  return leftovers.length;
}

/**
 * SIGKILL to a live process's group and its whole tree, including descendants that left the
 * group. On Linux the tree comes from one /proc scan (taken before anything is killed, while
 * every parent link still holds); elsewhere tree-kill finds it, running `ps`.
 */
export function killTree(pid: number, group: boolean): Promise<void> {
  const tree = process.platform === 'linux' ? snapshotDescendants(pid) : undefined;
  if (group) killQuietly(-pid);
  killQuietly(pid);
  if (!tree) return new Promise((resolve) => treeKill(pid, 'SIGKILL', () => resolve()));
  for (const entry of tree) killQuietly(entry.pid);
  return Promise.resolve();
}

/** True when the signal was delivered. */
function killQuietly(target: number): boolean {
  try {
    return signalUnlessGone(target, 'SIGKILL');
  } catch {
    return false; // already gone (ESRCH) or not ours (EPERM): nothing more to do
  }
}

async function waitGone(entries: readonly ProcessEntry[], limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs;
  let alive = entries.filter(isSameProcess);
  while (alive.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    alive = alive.filter(isSameProcess);
  }
}
