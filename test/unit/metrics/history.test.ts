import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Ring } from '../../../src/metrics/history.js';
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

describe('Ring', () => {
  it('keeps the newest items, oldest first', () => {
    const ring = new Ring<number>(3);
    assert.deepEqual(ring.toArray(), []);
    assert.equal(ring.last, undefined);
    for (let i = 1; i <= 7; i++) ring.push(i);
    assert.deepEqual(ring.toArray(), [5, 6, 7]);
    assert.equal(ring.size, 3);
    assert.equal(ring.last, 7);
    ring.clear();
    assert.deepEqual(ring.toArray(), []);
    ring.push(8);
    assert.deepEqual(ring.toArray(), [8]);
  });

  it('returns copies', () => {
    const ring = new Ring<number>(2);
    ring.push(1);
    const copy = ring.toArray();
    copy.push(99);
    assert.deepEqual(ring.toArray(), [1]);
  });

  it('capacity 0 keeps nothing; a bad capacity throws', () => {
    const ring = new Ring<number>(0);
    ring.push(1);
    assert.deepEqual(ring.toArray(), []);
    assert.throws(() => new Ring(-1), RangeError);
    assert.throws(() => new Ring(1.5), RangeError);
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
