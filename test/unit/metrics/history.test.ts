import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SampleHistory } from '../../../src/metrics/history.js';
import { NO_RESOURCE_LIMITS } from '../../../src/metrics/options.js';
import {
  DEFAULT_STATS_HISTORY_SIZE,
  ProgramMetrics,
} from '../../../src/metrics/program-metrics.js';
import type { ProgramStats } from '../../../src/metrics/sampler.js';

function sample(time: number, pid = 100, treeMemory = 1): ProgramStats {
  return Object.freeze({
    name: 'web',
    group: 'web',
    pid,
    cpu: 0,
    memory: treeMemory,
    treeCpu: 0,
    treeMemory,
    descendants: [],
    elapsedMs: 0,
    time,
  });
}

describe('SampleHistory', () => {
  it('keeps the newest samples, oldest first, equal field by field to those pushed', () => {
    const history = new SampleHistory(3);
    assert.deepEqual(history.toArray(), []);
    const pushed = [1, 2, 3, 4, 5, 6, 7].map((t) => sample(t, 100 + t, t * 4096));
    for (const s of pushed) history.push(s);
    assert.deepEqual(history.toArray(), pushed.slice(4));
    assert.equal(history.size, 3);
    assert.ok(history.toArray().every((s) => Object.isFrozen(s)));
  });

  it('keeps fractions, large numbers, descendants and labels exactly', () => {
    const history = new SampleHistory(60);
    const odd = Object.freeze({
      ...sample(1_733_000_000_123, 4_194_304, 2 ** 40 + 1),
      name: 'w_1',
      group: 'pool',
      cpu: 12.3,
      treeCpu: 187.5,
      descendants: Object.freeze([7, 8, 9]),
      elapsedMs: 0.5,
    });
    history.push(sample(1));
    history.push(odd);
    assert.deepEqual(history.toArray(), [sample(1), odd]);
  });

  it('keeps labels and descendants that change late, across growth and wrap-around', () => {
    const history = new SampleHistory(4);
    const other = (t: number) => Object.freeze({ ...sample(t), name: 'w_2', group: 'pool' });
    const busy = (t: number) => Object.freeze({ ...sample(t), descendants: Object.freeze([t]) });
    const pushed = [sample(1), sample(2), busy(3), other(4), sample(5), busy(6), other(7)];
    pushed.forEach((s, i) => {
      history.push(s);
      assert.deepEqual(history.toArray(), pushed.slice(Math.max(0, i - 3), i + 1));
    });
    const one = new SampleHistory(1);
    for (const s of [sample(1), other(2), sample(3)]) {
      one.push(s);
      assert.deepEqual(one.toArray(), [s]);
    }
  });

  it('grows by use, wraps at its capacity, and returns copies', () => {
    const history = new SampleHistory(5);
    for (let t = 1; t <= 12; t++) {
      history.push(sample(t));
      const times = history.toArray().map((s) => s.time);
      assert.deepEqual(
        times,
        Array.from({ length: Math.min(t, 5) }, (_, i) => t - times.length + 1 + i),
      );
    }
    const copy = history.toArray() as ProgramStats[];
    copy.pop();
    assert.equal(history.toArray().length, 5);
  });

  it('capacity 0 keeps nothing; a bad capacity throws', () => {
    const history = new SampleHistory(0);
    history.push(sample(1));
    assert.deepEqual(history.toArray(), []);
    assert.throws(() => new SampleHistory(-1), RangeError);
    assert.throws(() => new SampleHistory(1.5), RangeError);
  });
});

describe('ProgramMetrics', () => {
  it('keeps the latest sample and a bounded history', () => {
    const metrics = new ProgramMetrics(NO_RESOURCE_LIMITS, 3);
    assert.equal(metrics.history.length, 0);
    assert.equal(metrics.latest === undefined, true);
    for (let t = 1; t <= 5; t++) assert.deepEqual(metrics.observe(sample(t)), { action: 'none' });
    assert.equal(metrics.latest?.time, 5);
    assert.deepEqual(
      metrics.history.map((s) => s.time),
      [3, 4, 5],
    );
  });

  it('defaults to one minute of history at 1 Hz', () => {
    const metrics = new ProgramMetrics(NO_RESOURCE_LIMITS);
    assert.equal(metrics.historySize, DEFAULT_STATS_HISTORY_SIZE);
    for (let t = 0; t < 100; t++) metrics.observe(sample(t));
    assert.equal(metrics.history.length, 60);
  });

  it('history size 0 still has the latest sample', () => {
    const metrics = new ProgramMetrics(NO_RESOURCE_LIMITS, 0);
    metrics.observe(sample(1));
    assert.equal(metrics.latest?.time, 1);
    assert.deepEqual(metrics.history, []);
  });

  it('asks for a restart through its guard, and forgets the window on reset', () => {
    const metrics = new ProgramMetrics({ ...NO_RESOURCE_LIMITS, memoryLimit: 10 }, 10);
    assert.equal(metrics.observe(sample(0, 100, 11)).action, 'restart');
    assert.equal(metrics.observe(sample(1, 100, 11)).action, 'none'); // once per run
    metrics.reset(200);
    assert.equal(metrics.observe(sample(2, 200, 11)).action, 'restart');
    assert.equal(metrics.history.length, 3, 'samples are kept across runs');
  });

  it('after reset(pid), ignores late samples of the previous process', () => {
    const metrics = new ProgramMetrics({ ...NO_RESOURCE_LIMITS, memoryLimit: 10 }, 10);
    metrics.observe(sample(0, 100, 1));
    metrics.reset(200);
    assert.deepEqual(metrics.observe(sample(1, 100, 50)), { action: 'none' });
    assert.equal(metrics.latest?.pid, 100);
    assert.equal(metrics.latest?.time, 0);
    assert.equal(metrics.history.length, 1);
    metrics.reset(); // no pid: accept any
    assert.equal(metrics.observe(sample(2, 100, 50)).action, 'restart');
  });
});
