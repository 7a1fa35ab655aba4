import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readlinkSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { SystemClock } from '../../src/clock.js';
import {
  PidusageSource,
  type ProcessSource,
  ProcfsSource,
} from '../../src/metrics/process-source.js';
import { listWithPs } from '../../src/metrics/process-tree.js';
import { type ProgramStats, Sampler, type SampleTarget } from '../../src/metrics/sampler.js';
import { isAlive, nodeFixture, waitGone } from '../helpers/processes.js';

const linux = process.platform === 'linux';

/** Every pid spawned here, proven gone at the end. */
const spawned = new Set<number>();

after(async () => {
  for (const pid of spawned) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  // Orphaned grandchildren are reaped by whatever init the machine has, maybe seconds later:
  // wait for the pid itself to disappear, not just to become a zombie.
  const leaked = (await Promise.all([...spawned].map((pid) => vanished(pid, 10_000)))).filter(
    (pid) => pid !== 0,
  );
  assert.deepEqual(leaked, [], 'processes left behind');
});

/** Resolves 0 once kill(pid, 0) fails with ESRCH, or the pid if it still exists at the limit. */
async function vanished(pid: number, limitMs: number): Promise<number> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') return 0;
    }
    if (Date.now() > deadline) return pid;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Spawns `node fixture args` in its own process group and waits for its first stdout line. */
async function start(fixture: string, ...args: (string | number)[]) {
  const [command = '', ...rest] = nodeFixture(fixture, ...args);
  const child = spawn(command, rest, { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  spawned.add(child.pid as number);
  const line = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const end = text.indexOf('\n');
      if (end >= 0) resolve(text.slice(0, end));
    });
    child.once('exit', () => reject(new Error(`${fixture} exited early`)));
  });
  return { child, pid: child.pid as number, line };
}

/** SIGKILL to the whole group, then wait until every pid given is gone. */
async function killGroup(child: ChildProcess, pids: number[] = []) {
  try {
    process.kill(-(child.pid as number), 'SIGKILL');
  } catch {
    // already gone
  }
  for (const pid of [child.pid as number, ...pids]) {
    assert.ok(await waitGone(pid, 5000), `pid ${pid} survived`);
  }
}

function sampler(targets: () => SampleTarget[], source?: ProcessSource) {
  const errors: Error[] = [];
  const samples: ProgramStats[] = [];
  const s = new Sampler({
    intervalMs: 100,
    clock: new SystemClock(),
    targets,
    onSample: (stats) => samples.push(stats),
    onError: (error) => errors.push(error),
    ...(source ? { source } : {}),
  });
  return { sampler: s, errors, samples };
}

/** Pids whose /proc/<pid>/stat (or, with `file` 'children', a thread's list) is open here. */
function statFilesOpen(file: 'stat' | 'children' = 'stat'): number[] {
  const pids: number[] = [];
  const pattern =
    file === 'stat' ? /^\/proc\/(\d+)\/stat$/ : /^\/proc\/(\d+)\/task\/\d+\/children$/;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const match = pattern.exec(readlinkSync(`/proc/self/fd/${fd}`));
      if (match) pids.push(Number(match[1]));
    } catch {
      // the fd of readdir itself, closed already
    }
  }
  return pids.sort((x, y) => x - y);
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Sampler on real processes', () => {
  it('counts the CPU of busy children in the tree total', async () => {
    const { child, pid, line } = await start('fork-busy-children.js', 2);
    const kids = line.replace('children ', '').split(',').map(Number);
    for (const k of kids) spawned.add(k);
    const { sampler: s, errors } = sampler(() => [{ name: 'busy', group: 'busy', pid }]);
    try {
      await s.sampleNow();
      let stats: ProgramStats | undefined;
      // The children share two cores with everything else: wait until they got some of it.
      for (let i = 0; i < 40; i++) {
        await pause(100);
        stats = (await s.sampleNow())[0];
        if (stats && stats.descendants.length === 2 && stats.treeCpu - stats.cpu >= 20) break;
      }
      assert.ok(stats, 'no sample');
      assert.deepEqual([...stats.descendants].sort(), [...kids].sort());
      assert.ok(
        stats.treeCpu - stats.cpu >= 20,
        `children CPU not in the tree: ${JSON.stringify(stats)}`,
      );
      assert.ok(stats.treeMemory > stats.memory, 'children memory not in the tree');
      assert.ok(stats.elapsedMs > 0);
      assert.deepEqual(errors, []);
    } finally {
      s.stop();
      await killGroup(child, kids);
    }
  });

  it('a program that exits between passes, or during one, is skipped without an error', async () => {
    // Ten processes exiting at staggered times while passes run back to back.
    const targets: SampleTarget[] = [];
    for (let i = 0; i < 10; i++) {
      const [command = '', ...args] = nodeFixture('exit-with.js', 0, 200 + i * 60);
      const child = spawn(command, args, { stdio: 'ignore' });
      spawned.add(child.pid as number);
      targets.push({ name: `p${i}`, group: 'exiting', pid: child.pid as number });
    }
    const { sampler: s, errors, samples } = sampler(() => targets);
    const deadline = Date.now() + 5000;
    while (targets.some((t) => isAlive(t.pid)) && Date.now() < deadline) await s.sampleNow();
    await s.sampleNow();
    const last = await s.sampleNow();
    assert.deepEqual(last, [], 'no sample of a dead process');
    assert.ok(samples.length > 0, 'sampled while they lived');
    assert.deepEqual(errors, []);
    for (const t of targets) assert.ok(await waitGone(t.pid));
  });

  it('forgets dead pids: no CPU mark, no open file once a process is gone (procfs)', {
    skip: !linux,
  }, async () => {
    const source = new ProcfsSource();
    const a = await start('fork-busy-children.js', 1);
    const kids = a.line.replace('children ', '').split(',').map(Number);
    for (const k of kids) spawned.add(k);
    const b = await start('allocate-memory.js', 1);
    const targets = [
      { name: 'a', group: 'a', pid: a.pid },
      { name: 'b', group: 'b', pid: b.pid },
    ];
    const { sampler: s, errors } = sampler(() => targets, source);
    const sorted = (pids: readonly number[]) => [...pids].sort((x, y) => x - y);
    try {
      await s.sampleNow();
      await s.sampleNow();
      const all = sorted([a.pid, b.pid, ...kids]);
      assert.deepEqual(sorted(source.tracked), all);
      assert.deepEqual(sorted(source.openFiles), all, 'sampled pids are kept open');
      assert.deepEqual(sorted(statFilesOpen()), all);
      // The trees are read from the roots down: each process's list of children stays open
      // too (one per thread), and nothing else of the machine is read.
      assert.equal(source.tree.supported, true);
      assert.deepEqual(sorted([...new Set(statFilesOpen('children'))]), all);
      await killGroup(a.child, kids);
      await s.sampleNow();
      assert.deepEqual(source.tracked, [b.pid], 'only the live pid is remembered');
      assert.deepEqual(statFilesOpen(), [b.pid], 'files of dead pids are closed');
      assert.deepEqual([...new Set(statFilesOpen('children'))], [b.pid]);
      s.stop();
      assert.deepEqual(statFilesOpen(), [], 'stop closes everything');
      assert.deepEqual(statFilesOpen('children'), []);
      assert.deepEqual(errors, []);
    } finally {
      s.stop();
      await killGroup(b.child);
    }
  });

  it('the pidusage path survives a pid that exits between listing and reading', async () => {
    const a = await start('allocate-memory.js', 1);
    const b = await start('allocate-memory.js', 1);
    let killedB = false;
    // Lists the table, then kills b before pidusage reads: the race, made certain.
    const list = async () => {
      const table = linux ? (await new ProcfsSource().reader.scan()).entries : await listWithPs();
      if (!killedB) {
        killedB = true;
        b.child.kill('SIGKILL');
        await waitGone(b.pid);
      }
      return table;
    };
    const source = new PidusageSource(list, 5000);
    const { sampler: s, errors } = sampler(
      () => [
        { name: 'a', group: 'a', pid: a.pid },
        { name: 'b', group: 'b', pid: b.pid },
      ],
      source,
    );
    try {
      const stats = await s.sampleNow();
      assert.deepEqual(
        stats.map((x) => x.name),
        ['a'],
      );
      assert.ok((stats[0]?.memory ?? 0) > 1024 * 1024);
      assert.deepEqual(errors, []);
    } finally {
      s.stop();
      await killGroup(a.child);
      await killGroup(b.child);
    }
  });
});
