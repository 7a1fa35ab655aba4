import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ProcfsSource } from '../../../src/metrics/process-source.js';
import { ProcfsTree } from '../../../src/metrics/procfs-tree.js';

/** A /proc/<pid>/stat line: state, ppid, utime, num_threads, starttime, rss. */
function statLine(pid: number, state: string, ppid: number, ticks: number, threads: number) {
  return (
    `${pid} (prog) ${state} ${ppid} ${pid} ${pid} 0 -1 4194560 100 0 0 0 ` +
    `${ticks} 0 0 0 20 0 ${threads} 0 99000 123456789 10 18446744073709551615 1 1 0 0 0\n`
  );
}

interface FakeProcess {
  readonly pid: number;
  readonly state?: string;
  readonly ppid: number;
  readonly ticks?: number;
  /** Thread id → children that thread forked. */
  readonly threads: Record<number, number[]>;
}

describe('ProcfsTree: the trees read from the roots down on a fake /proc', () => {
  const root = mkdtempSync(join(tmpdir(), 'overseer-faketree-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  /** Writes files in place (kept files see the change); `gone`: emptied, as an ended process reads. */
  function writeProc(processes: FakeProcess[], gone: number[] = []) {
    for (const pid of gone) {
      writeFileSync(join(root, String(pid), 'stat'), '');
      rmSync(join(root, String(pid)), { recursive: true, force: true });
    }
    if (gone.length > 0) return rewrite(processes);
    rmSync(root, { recursive: true, force: true });
    rewrite(processes);
  }

  function rewrite(processes: FakeProcess[]) {
    // The kernel lists children (CONFIG_PROC_CHILDREN): the tree's check looks at our own.
    mkdirSync(join(root, 'self', 'task', String(process.pid)), { recursive: true });
    writeFileSync(join(root, 'self', 'task', String(process.pid), 'children'), '');
    writeFileSync(join(root, 'self', 'smaps'), 'KernelPageSize:        4 kB\n');
    writeFileSync(join(root, 'uptime'), '1000.00 3000.00\n');
    for (const p of processes) {
      const tids = Object.keys(p.threads);
      const dir = join(root, String(p.pid));
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        join(dir, 'stat'),
        statLine(p.pid, p.state ?? 'S', p.ppid, p.ticks ?? 0, tids.length),
      );
      for (const tid of tids) {
        mkdirSync(join(dir, 'task', tid), { recursive: true });
        const kids = p.threads[Number(tid)] ?? [];
        writeFileSync(join(dir, 'task', tid, 'children'), kids.map((k) => `${k} `).join(''));
      }
    }
  }

  it('follows every thread of every process; zombies and the unreachable are left out', async () => {
    writeProc([
      { pid: 10, ppid: 1, threads: { 10: [11], 15: [12, 13] } }, // 2 threads, both forked
      { pid: 11, ppid: 10, threads: { 11: [14] } },
      { pid: 12, ppid: 10, state: 'Z', threads: { 12: [] } },
      { pid: 13, ppid: 10, threads: { 13: [] } },
      { pid: 14, ppid: 11, threads: { 14: [] } },
      { pid: 20, ppid: 1, threads: { 20: [] } },
      { pid: 99, ppid: 1, threads: { 99: [] } }, // not under a root: never read
    ]);
    const tree = new ProcfsTree({ root, chunkSize: 2 });
    const walk = await tree.walk([10, 20, 30]);
    assert.ok(walk);
    assert.equal(tree.supported, true);
    assert.equal(walk.uptimeSecs, 1000);
    assert.deepEqual(
      [...walk.stats.keys()].sort((a, b) => a - b),
      [10, 11, 13, 14, 20],
    );
    assert.deepEqual(walk.children.get(10), [11, 13], 'the zombie 12 is dropped');
    assert.deepEqual(walk.children.get(11), [14]);
    assert.equal(walk.stats.get(10)?.threads, 2);
    assert.deepEqual(
      [...tree.openPids].sort((a, b) => a - b),
      [10, 11, 13, 14, 20],
    );

    // 11 and its child exit, 10 loses a thread: files of the gone are closed, the threads
    // listed again.
    rmSync(join(root, '10', 'task', '15'), { recursive: true });
    writeProc(
      [
        { pid: 10, ppid: 1, threads: { 10: [13] } },
        { pid: 13, ppid: 10, threads: { 13: [] } },
        { pid: 20, ppid: 1, threads: { 20: [] } },
      ],
      [11, 14],
    );
    const second = await tree.walk([10, 20]);
    assert.deepEqual(second?.children.get(10), [13]);
    assert.deepEqual(
      [...tree.openPids].sort((a, b) => a - b),
      [10, 13, 20],
    );
    tree.close();
    assert.deepEqual(tree.openPids, []);
  });

  it('yields once a chunk has read for chunkMs, before chunkSize processes (as the scan)', async () => {
    const kids = Array.from({ length: 39 }, (_, i) => 101 + i);
    writeProc([
      { pid: 100, ppid: 1, threads: { 100: kids } },
      ...kids.map((pid) => ({ pid, ppid: 100, threads: { [pid]: [] } })),
    ]);
    let clock = 0;
    const tree = new ProcfsTree({ root, chunkSize: 128, chunkMs: 0, now: () => clock++ });
    const walk = await tree.walk([100]);
    const chunks = new Map<number, number>();
    for (const stat of walk?.stats.values() ?? []) {
      chunks.set(stat.readAt, (chunks.get(stat.readAt) ?? 0) + 1);
    }
    assert.equal(walk?.stats.size, 40);
    assert.deepEqual([...chunks.values()], [16, 16, 8]);
    tree.close();
  });

  it('past maxOpenFiles it still reads everything, opening files for one read', async () => {
    writeProc([
      { pid: 10, ppid: 1, threads: { 10: [11] } },
      { pid: 11, ppid: 10, threads: { 11: [] } },
    ]);
    const tree = new ProcfsTree({ root, maxOpenFiles: 2 });
    const walk = await tree.walk([10]);
    assert.deepEqual(walk?.children.get(10), [11]);
    assert.deepEqual([...(walk?.stats.keys() ?? [])], [10, 11]);
    tree.close();
  });

  it('the source gives the same trees and numbers as with a scan', async () => {
    writeProc([
      { pid: 10, ppid: 1, ticks: 5000, threads: { 10: [11] } },
      { pid: 11, ppid: 10, ticks: 100, threads: { 11: [] } },
    ]);
    const source = new ProcfsSource({ root, now: () => 0 });
    const snapshot = await source.sample([10]);
    assert.deepEqual(snapshot.descendants.get(10), [11]);
    assert.equal(snapshot.usage.get(11)?.memory, 10 * 4096);
    assert.deepEqual([...source.openFiles].sort(), [10, 11]);
    source.clear();
    assert.deepEqual(source.openFiles, []);
  });

  it('without children lists (no CONFIG_PROC_CHILDREN) it says so and keeps nothing open', async () => {
    writeProc([{ pid: 10, ppid: 1, threads: { 10: [] } }]);
    rmSync(join(root, 'self', 'task'), { recursive: true });
    const tree = new ProcfsTree({ root });
    assert.equal(await tree.walk([10]), undefined);
    assert.equal(tree.supported, false);
    assert.deepEqual(tree.openPids, []);
  });
});
