import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import type pidusage from 'pidusage';
import { ManualClock } from '../../../src/clock.js';
import { OptionError } from '../../../src/errors.js';
import {
  isGoneError,
  type ProcessSnapshot,
  type ProcessSource,
  type ProcessUsage,
  pidusageBatch,
} from '../../../src/metrics/process-source.js';
import { type ProgramStats, Sampler, type SampleTarget } from '../../../src/metrics/sampler.js';

/** A scripted source: each sample() returns the next snapshot, or waits on a gate. */
class FakeSource implements ProcessSource {
  readonly kind = 'fake';
  calls: (readonly number[])[] = [];
  cleared = 0;
  gate: Promise<void> | undefined;
  failWith: Error | undefined;
  usage = new Map<number, ProcessUsage>();
  descendants = new Map<number, number[]>();
  onSample: (() => void) | undefined;

  async sample(roots: readonly number[]): Promise<ProcessSnapshot> {
    this.calls.push([...roots]);
    if (this.gate) await this.gate;
    this.onSample?.();
    if (this.failWith) throw this.failWith;
    return { descendants: this.descendants, usage: this.usage, errors: [] };
  }

  clear(): void {
    this.cleared++;
  }
}

const use = (cpu: number, memory: number, elapsedMs = 1000): ProcessUsage => ({
  cpu,
  memory,
  elapsedMs,
});

function setup(targets: SampleTarget[], intervalMs = 1000) {
  const clock = new ManualClock(1_000_000);
  const source = new FakeSource();
  const samples: ProgramStats[] = [];
  const passes: (readonly ProgramStats[])[] = [];
  const errors: Error[] = [];
  const sampler = new Sampler({
    intervalMs,
    clock,
    source,
    targets: () => targets,
    onSample: (s) => samples.push(s),
    onPass: (p) => passes.push(p),
    onError: (e) => errors.push(e),
  });
  return { clock, source, samples, passes, errors, sampler, targets };
}

/** Lets the pass's promise chain run (the fake source resolves at once). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('Sampler', () => {
  it('builds per-program stats with tree totals from one batched read', async () => {
    const t = setup([
      { name: 'web', group: 'web', pid: 10 },
      { name: 'w1', group: 'workers', pid: 20 },
    ]);
    t.source.descendants.set(10, [11, 12]).set(20, []);
    t.source.usage
      .set(10, use(10.04, 1000, 5000))
      .set(11, use(50, 2000))
      .set(12, use(25.55, 3000))
      .set(20, use(1, 10));
    const result = await t.sampler.sampleNow();
    assert.deepEqual(t.source.calls, [[10, 20]], 'one call for every root');
    assert.deepEqual(result, [
      {
        name: 'web',
        group: 'web',
        pid: 10,
        cpu: 10,
        memory: 1000,
        treeCpu: 85.6,
        treeMemory: 6000,
        descendants: [11, 12],
        elapsedMs: 5000,
        time: 1_000_000,
      },
      {
        name: 'w1',
        group: 'workers',
        pid: 20,
        cpu: 1,
        memory: 10,
        treeCpu: 1,
        treeMemory: 10,
        descendants: [],
        elapsedMs: 1000,
        time: 1_000_000,
      },
    ]);
    assert.ok(Object.isFrozen(result) && Object.isFrozen(result[0]));
    assert.ok(Object.isFrozen(result[0]?.descendants));
    assert.deepEqual(t.samples, result);
    assert.deepEqual(t.passes, [result]);
    assert.deepEqual(t.errors, []);
  });

  it('skips, silently, targets and descendants that are gone', async () => {
    const t = setup([
      { name: 'web', group: 'web', pid: 10 },
      { name: 'gone', group: 'gone', pid: 20 },
    ]);
    t.source.descendants.set(10, [11, 12]).set(20, [21]);
    t.source.usage.set(10, use(1, 1)).set(12, use(1, 1)).set(21, use(1, 1));
    const result = await t.sampler.sampleNow();
    assert.deepEqual(
      result.map((s) => [s.name, s.descendants, s.treeMemory]),
      [['web', [12], 2]],
    );
    assert.deepEqual(t.errors, []);
  });

  it('passes every interval, chained: never two at once', async () => {
    const t = setup([{ name: 'web', group: 'web', pid: 10 }]);
    t.source.usage.set(10, use(1, 1));
    t.sampler.start();
    t.sampler.start(); // idempotent
    assert.equal(t.clock.pending, 1);
    t.clock.advance(999);
    assert.equal(t.source.calls.length, 0, 'first pass after one interval');
    let open!: () => void;
    t.source.gate = new Promise((resolve) => {
      open = resolve;
    });
    t.clock.advance(1);
    assert.equal(t.source.calls.length, 1);
    t.clock.advance(10_000);
    assert.equal(t.source.calls.length, 1, 'a slow pass delays the next one');
    assert.equal(t.clock.pending, 0);
    open();
    t.source.gate = undefined;
    await settle();
    assert.equal(t.passes.length, 1);
    assert.equal(t.clock.pending, 1, 'next pass scheduled when this one finished');
    t.clock.advance(1000);
    await settle();
    t.clock.advance(1000);
    await settle();
    assert.equal(t.source.calls.length, 3);
    assert.equal(t.sampler.info.passes, 3);
    assert.equal(t.sampler.info.source, 'fake');
    t.sampler.stop();
    assert.equal(t.clock.pending, 0);
    t.clock.advance(10_000);
    await settle();
    assert.equal(t.source.calls.length, 3);
    assert.ok(t.source.cleared >= 1, 'stop forgets per-process memory');
  });

  it('sampleNow joins a pass in flight', async () => {
    const t = setup([{ name: 'web', group: 'web', pid: 10 }]);
    t.source.usage.set(10, use(1, 1));
    const a = t.sampler.sampleNow();
    const b = t.sampler.sampleNow();
    assert.equal(a, b);
    await a;
    assert.equal(t.source.calls.length, 1);
  });

  it('delivers nothing from a pass that was in flight at stop()', async () => {
    const t = setup([{ name: 'web', group: 'web', pid: 10 }]);
    t.source.usage.set(10, use(1, 1));
    t.sampler.start();
    let open!: () => void;
    t.source.gate = new Promise((resolve) => {
      open = resolve;
    });
    t.clock.advance(1000);
    t.sampler.stop();
    const cleared = t.source.cleared;
    open();
    await settle();
    assert.deepEqual(t.samples, []);
    assert.equal(t.source.cleared, cleared + 1, 'what the late pass remembered is forgotten');
    assert.equal(t.clock.pending, 0, 'and schedules nothing');
  });

  it('is off with intervalMs 0, and validates intervalMs', () => {
    const t = setup([], 0);
    t.sampler.start();
    assert.equal(t.sampler.running, false);
    assert.equal(t.clock.pending, 0);
    assert.throws(() => setup([], 10), OptionError);
  });

  it('does no I/O when there is nothing to sample', async () => {
    const t = setup([
      { name: 'stopped', group: 'stopped', pid: 0 },
      { name: 'bad', group: 'bad', pid: Number.NaN },
    ]);
    assert.deepEqual(await t.sampler.sampleNow(), []);
    assert.deepEqual(t.source.calls, []);
    assert.equal(t.passes.length, 1);
  });

  it('drops a sample whose program restarted during the pass', async () => {
    const t = setup([
      { name: 'web', group: 'web', pid: 10 },
      { name: 'api', group: 'api', pid: 20 },
    ]);
    t.source.usage.set(10, use(1, 1)).set(20, use(1, 1));
    t.source.onSample = () => {
      t.targets[0] = { name: 'web', group: 'web', pid: 11 };
    };
    const result = await t.sampler.sampleNow();
    assert.deepEqual(
      result.map((s) => s.name),
      ['api'],
    );
  });

  it('never throws into the host: failures go to onError, once per distinct message', async () => {
    const t = setup([{ name: 'web', group: 'web', pid: 10 }]);
    t.source.failWith = new Error('no /proc');
    assert.deepEqual(await t.sampler.sampleNow(), []);
    await t.sampler.sampleNow();
    assert.deepEqual(
      t.errors.map((e) => e.message),
      ['no /proc'],
    );
    t.source.failWith = undefined;
    t.source.usage.set(10, use(1, 1));
    await t.sampler.sampleNow(); // a clean pass re-arms the report
    t.source.failWith = new Error('no /proc');
    await t.sampler.sampleNow();
    assert.equal(t.errors.length, 2);
  });

  it('reports throwing callbacks and a throwing targets() without breaking', async () => {
    const clock = new ManualClock();
    const errors: Error[] = [];
    const source = new FakeSource();
    source.usage.set(10, use(1, 1));
    let throwTargets = true;
    const sampler = new Sampler({
      intervalMs: 100,
      clock,
      source,
      targets: () => {
        if (throwTargets) throw new Error('targets broke');
        return [{ name: 'web', group: 'web', pid: 10 }];
      },
      onSample: () => {
        throw new Error('listener broke');
      },
      onPass: () => {
        throw 'not an error';
      },
      onError: (e) => {
        errors.push(e);
        throw new Error('even onError throws');
      },
    });
    assert.deepEqual(await sampler.sampleNow(), []);
    throwTargets = false;
    assert.equal((await sampler.sampleNow()).length, 1);
    assert.deepEqual(
      errors.map((e) => e.message),
      ['targets broke', 'not an error', 'listener broke'],
    );
  });
});

describe('pidusageBatch', () => {
  const stat = (pid: number): pidusage.Status => ({
    cpu: 1,
    memory: 2,
    ppid: 1,
    pid,
    ctime: 0,
    elapsed: 3,
    timestamp: 0,
  });
  const gone = () => Object.assign(new Error('No matching pid found'), { code: 'ENOENT' });
  const deadPid = spawnSync(process.execPath, ['-e', '0']).pid as number;
  const alivePid = process.pid;

  /** A fake pidusage: a batch fails whenever it contains the dead pid, like `ps` platforms. */
  function fake(log: unknown[]) {
    return (async (pids: number | number[]) => {
      log.push(pids);
      const list = Array.isArray(pids) ? pids : [pids];
      if (list.includes(deadPid)) throw gone();
      if (!Array.isArray(pids)) return stat(pids);
      return Object.fromEntries(list.map((pid) => [pid, stat(pid)]));
    }) as unknown as typeof pidusage;
  }

  it('is one call when every pid is there', async () => {
    const log: unknown[] = [];
    const { usage, errors } = await pidusageBatch([alivePid], 3000, fake(log));
    assert.deepEqual(log, [[alivePid]]);
    assert.deepEqual(usage.get(alivePid), { cpu: 1, memory: 2, elapsedMs: 3 });
    assert.deepEqual(errors, []);
  });

  it('keeps the live pids and retries once when one pid is gone, without an error', async () => {
    const log: unknown[] = [];
    const { usage, errors } = await pidusageBatch([alivePid, deadPid], 3000, fake(log));
    assert.deepEqual(log, [[alivePid, deadPid], [alivePid]]);
    assert.deepEqual([...usage.keys()], [alivePid]);
    assert.deepEqual(errors, []);
  });

  it('falls back to one pid at a time when the retry fails too', async () => {
    const log: unknown[] = [];
    let first = true;
    const read = (async (pids: number | number[]) => {
      log.push(pids);
      if (Array.isArray(pids)) {
        if (first) {
          first = false;
          throw gone();
        }
        throw Object.assign(new Error('gone'), { code: 'ESRCH' });
      }
      return stat(pids);
    }) as unknown as typeof pidusage;
    const { usage, errors } = await pidusageBatch([alivePid, deadPid], 3000, read);
    assert.deepEqual(log, [[alivePid, deadPid], [alivePid], alivePid]);
    assert.deepEqual([...usage.keys()], [alivePid]);
    assert.deepEqual(errors, []);
  });

  it('returns a real failure as an error, without retrying', async () => {
    const log: unknown[] = [];
    const read = (async (pids: unknown) => {
      log.push(pids);
      throw new Error('spawn ps ENOENT');
    }) as unknown as typeof pidusage;
    const { usage, errors } = await pidusageBatch([alivePid], 3000, read);
    assert.equal(log.length, 1);
    assert.equal(usage.size, 0);
    assert.deepEqual(
      errors.map((e) => e.message),
      ['spawn ps ENOENT'],
    );
  });

  it('treats null entries (Linux pidusage, a pid gone) as absent, and no pids as no call', async () => {
    const read = (async () => ({
      [alivePid]: stat(alivePid),
      [deadPid]: null,
    })) as unknown as typeof pidusage;
    const { usage } = await pidusageBatch([alivePid, deadPid], 3000, read);
    assert.deepEqual([...usage.keys()], [alivePid]);
    const log: unknown[] = [];
    assert.equal((await pidusageBatch([], 3000, fake(log))).usage.size, 0);
    assert.deepEqual(log, []);
  });

  it('uses a pid that is really gone', () => {
    assert.throws(() => process.kill(deadPid, 0), { code: 'ESRCH' });
  });

  it('knows the errors of a process that left', () => {
    assert.equal(isGoneError(gone()), true);
    assert.equal(isGoneError(Object.assign(new Error('x'), { code: 'ESRCH' })), true);
    assert.equal(isGoneError(new Error('spawn ps ENOENT')), false);
    assert.equal(isGoneError('ENOENT'), false);
  });
});
