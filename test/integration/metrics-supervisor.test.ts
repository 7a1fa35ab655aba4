import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { ExitEvent, ResourceEvent } from '../../src/events.js';
import type { ProgramStats } from '../../src/metrics/sampler.js';
import { nodeFixture, testSupervisor, waitGone } from '../helpers/processes.js';

const MB = 1024 * 1024;

/** Every pid the tests' supervisors spawned, and the descendants seen in samples. */
const seen = new Set<number>();

/** Besides testSupervisor's own check: each pid must be gone for good (ESRCH), not a zombie. */
after(async () => {
  const deadline = Date.now() + 10_000;
  const remaining = new Set(seen);
  while (remaining.size > 0 && Date.now() < deadline) {
    for (const pid of remaining) {
      try {
        process.kill(pid, 0);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ESRCH') remaining.delete(pid);
      }
    }
    if (remaining.size > 0) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.deepEqual([...remaining], [], 'pids still present');
});

/** A testSupervisor whose spawned pids and sampled descendants are remembered in `seen`. */
function supervisor(sampleIntervalMs: number) {
  const sup = testSupervisor({ sampleIntervalMs });
  sup.on('spawn', (info) => seen.add(info.pid));
  sup.on('stats', (s) => {
    for (const pid of s.descendants) {
      seen.add(pid);
      sup.track(pid);
    }
  });
  return sup;
}

/** Resolves with the first event (of those seen so far or coming) that matches. */
function when<T>(
  subscribe: (fn: (value: T) => void) => void,
  test: (value: T) => boolean,
  what: string,
  limitMs = 10_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), limitMs);
    subscribe((value) => {
      if (!test(value)) return;
      clearTimeout(timer);
      resolve(value);
    });
  });
}

describe('resource sampling through the Supervisor', () => {
  it('restarts a program whose tree stays above memoryLimit, with cause resource-limit', async () => {
    const intervalMs = 200;
    const sustainSecs = 0.4;
    await using sup = supervisor(intervalMs);
    const errors: Error[] = [];
    sup.on('error', (e) => errors.push(e.error));
    const samples: ProgramStats[] = [];
    sup.on('stats', (s) => samples.push(s));
    const p = sup.add({
      name: 'hog',
      command: nodeFixture('allocate-memory.js', 160),
      startSecs: 0,
      memoryLimit: '128MB',
      memoryLimitSustainSecs: sustainSecs,
      stopWaitSecs: 2,
    });
    const resource = when<ResourceEvent>(
      (fn) => sup.on('resource', fn),
      () => true,
      'resource',
    );
    const exit = when<ExitEvent>(
      (fn) => sup.on('exit', fn),
      () => true,
      'exit',
    );
    await sup.start(); // starts the sampler, and the program (autostart)
    const firstPid = p.pid;
    const event = await resource;
    assert.equal(event.name, 'hog');
    assert.equal(event.kind, 'restart');
    assert.match(event.reason, /above memoryLimit 128 MB for/);
    assert.equal(event.stats.pid, firstPid);
    assert.ok(event.stats.treeMemory > 128 * MB);
    const exitInfo = await exit;
    assert.equal(exitInfo.pid, firstPid);
    assert.equal(exitInfo.cause, 'resource-limit');
    // Restarted: a new process comes up.
    await when<number>(
      (fn) => sup.on('spawn', (info) => fn(info.pid)),
      (pid) => pid !== firstPid,
      'respawn',
    );
    assert.ok(await waitGone(firstPid));

    // Reaction: the first sample above the limit opened the window; the restart came with
    // the first sample at least the sustain time later, i.e. within sustain + one interval.
    const run = samples.filter((s) => s.pid === firstPid);
    const firstOver = run.findIndex((s) => s.treeMemory > 128 * MB);
    const decisive = run.indexOf(event.stats);
    assert.ok(firstOver >= 0 && decisive >= firstOver);
    assert.ok(run.slice(firstOver, decisive + 1).every((s) => s.treeMemory > 128 * MB));
    const overFor = (run[decisive]?.time ?? 0) - (run[firstOver]?.time ?? 0);
    assert.ok(overFor >= sustainSecs * 1000, `restarted after ${overFor} ms above the limit`);
    assert.ok(
      decisive - firstOver <= Math.ceil((sustainSecs * 1000) / intervalMs),
      'no extra sample above the limit before the restart',
    );
    assert.deepEqual(errors, []);
  });

  it('shows busy children in program.stats and in the stats event', async () => {
    await using sup = supervisor(100);
    const p = sup.add({
      name: 'busy',
      command: nodeFixture('fork-busy-children.js', 2),
      startSecs: 0,
    });
    const hot = when<ProgramStats>(
      (fn) => sup.on('stats', fn),
      (s) => s.descendants.length === 2 && s.treeCpu - s.cpu >= 20,
      'children CPU in the tree',
    );
    await sup.start();
    const stats = await hot;
    assert.equal(stats.pid, p.pid);
    assert.ok(p.stats && p.stats.time >= stats.time);
    assert.ok(p.statsHistory.length >= 1);
    const all = sup.stats();
    assert.ok(all.programs.some((s) => s.name === 'busy'));
    assert.equal(all.groups.busy?.programs, 1);
    assert.ok(all.totals.processes >= 3, 'main process and its two children');
    assert.equal(all.self.pid, process.pid);
    assert.ok(all.overall.memory >= all.totals.memory + all.self.memory - 1);
  });

  it('a program that keeps exiting while sampled produces no error', async () => {
    await using sup = supervisor(50);
    const errors: Error[] = [];
    sup.on('error', (e) => errors.push(e.error));
    let spawns = 0;
    const p = sup.add({
      name: 'flappy',
      command: nodeFixture('exit-with.js', 0, 120),
      startSecs: 0,
      autorestart: true,
    });
    const enough = when<unknown>(
      (fn) => sup.on('spawn', fn),
      () => ++spawns >= 6,
      'six spawns',
    );
    await sup.start();
    await enough;
    await p.stop();
    assert.deepEqual(errors, []);
  });
});
