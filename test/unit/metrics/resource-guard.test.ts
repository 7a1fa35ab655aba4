import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NO_RESOURCE_LIMITS, type ResourceConfig } from '../../../src/metrics/options.js';
import { formatBytes, ResourceGuard } from '../../../src/metrics/resource-guard.js';
import type { ProgramStats } from '../../../src/metrics/sampler.js';

const MB = 1024 * 1024;

function config(overrides: Partial<ResourceConfig>): ResourceConfig {
  return { ...NO_RESOURCE_LIMITS, ...overrides };
}

function sample(time: number, treeMemory: number, treeCpu = 0, pid = 100): ProgramStats {
  return {
    name: 'web',
    group: 'web',
    pid,
    cpu: treeCpu,
    memory: treeMemory,
    treeCpu,
    treeMemory,
    descendants: [101, 102],
    elapsedMs: time,
    time,
  };
}

/** Feeds (time, memory MB) pairs and returns the times at which the guard said restart. */
function restartsAt(guard: ResourceGuard, points: [number, number][]): number[] {
  return points
    .filter(([time, mb]) => guard.observe(sample(time, mb * MB)).action === 'restart')
    .map(([time]) => time);
}

describe('ResourceGuard: memory', () => {
  it('says nothing without a limit', () => {
    const guard = new ResourceGuard(NO_RESOURCE_LIMITS);
    assert.deepEqual(guard.observe(sample(0, 10_000 * MB, 800)), { action: 'none' });
  });

  it('with sustain 0, restarts at the first sample above the limit (not at it)', () => {
    const guard = new ResourceGuard(config({ memoryLimit: 100 * MB }));
    assert.equal(guard.observe(sample(0, 100 * MB)).action, 'none');
    const verdict = guard.observe(sample(1000, 100 * MB + 1));
    assert.deepEqual(verdict, {
      action: 'restart',
      reason: 'memory 100.0 MB above memoryLimit 100 MB (3 processes)',
      memory: 100 * MB + 1,
      limit: 100 * MB,
      overForMs: 0,
    });
    assert.ok(Object.isFrozen(verdict));
  });

  it('waits for the sustain time from the first sample above the limit', () => {
    const guard = new ResourceGuard(config({ memoryLimit: 100 * MB, memoryLimitSustainMs: 3000 }));
    const at = restartsAt(guard, [
      [0, 50],
      [1000, 150], // window opens
      [2000, 150],
      [3000, 150],
      [4000, 150], // 3000 ms above: restart
    ]);
    assert.deepEqual(at, [4000]);
  });

  it('a sample at or under the limit closes the window', () => {
    const guard = new ResourceGuard(config({ memoryLimit: 100 * MB, memoryLimitSustainMs: 2000 }));
    const at = restartsAt(guard, [
      [0, 150],
      [1000, 150],
      [1500, 100], // back under: window closed
      [2000, 150], // reopens here
      [3000, 150],
      [3999, 150],
      [4000, 150],
    ]);
    assert.deepEqual(at, [4000]);
  });

  it('asks once per process run, then again after reset or a new pid', () => {
    const guard = new ResourceGuard(config({ memoryLimit: 100 * MB }));
    assert.deepEqual(
      restartsAt(guard, [
        [0, 200],
        [1000, 200],
        [2000, 300],
      ]),
      [0],
    );
    guard.reset();
    assert.deepEqual(
      restartsAt(guard, [
        [3000, 50],
        [4000, 200],
        [5000, 200],
      ]),
      [4000],
    );
    assert.equal(guard.observe(sample(6000, 200 * MB, 0, 555)).action, 'restart');
  });

  it('reports how long the tree stayed above', () => {
    const guard = new ResourceGuard(config({ memoryLimit: 64 * MB, memoryLimitSustainMs: 1500 }));
    guard.observe(sample(10_000, 65 * MB));
    guard.observe(sample(11_000, 65 * MB));
    const verdict = guard.observe(sample(12_000, 70 * MB));
    assert.equal(verdict.action, 'restart');
    assert.equal(verdict.action === 'restart' && verdict.overForMs, 2000);
    assert.match(
      verdict.action === 'restart' ? verdict.reason : '',
      /memory 70 MB above memoryLimit 64 MB for 2 s/,
    );
  });
});

describe('ResourceGuard: CPU threshold', () => {
  const cpuAt = (guard: ResourceGuard, points: [number, number][]) =>
    points
      .filter(([time, cpu]) => guard.observe(sample(time, MB, cpu)).action === 'cpu-threshold')
      .map(([time]) => time);

  it('fires once per crossing, after the sustain time, and re-arms below the threshold', () => {
    const guard = new ResourceGuard(config({ cpuThreshold: 90, cpuThresholdSustainMs: 2000 }));
    const at = cpuAt(guard, [
      [0, 95], // window opens
      [1000, 120],
      [2000, 90], // at the threshold counts: 2000 ms, fires
      [3000, 150], // still above: no repeat
      [4000, 10], // re-armed
      [5000, 100],
      [6000, 100],
      [7000, 100], // fires again
    ]);
    assert.deepEqual(at, [2000, 7000]);
  });

  it('describes the crossing', () => {
    const guard = new ResourceGuard(config({ cpuThreshold: 50, cpuThresholdSustainMs: 0 }));
    assert.deepEqual(guard.observe(sample(0, MB, 75.25)), {
      action: 'cpu-threshold',
      reason: 'CPU 75.3% at or above cpuThreshold 50%',
      cpu: 75.25,
      threshold: 50,
      overForMs: 0,
    });
  });

  it('a restart wins over a CPU event on the same sample', () => {
    const guard = new ResourceGuard(
      config({ memoryLimit: 10 * MB, cpuThreshold: 50, cpuThresholdSustainMs: 0 }),
    );
    assert.equal(guard.observe(sample(0, 20 * MB, 100)).action, 'restart');
  });
});

describe('formatBytes', () => {
  it('uses the option units', () => {
    assert.equal(formatBytes(512), '512 B');
    assert.equal(formatBytes(1536), '1.5 KB');
    assert.equal(formatBytes(512 * MB), '512 MB');
    assert.equal(formatBytes(3.25 * 1024 * MB), '3.3 GB');
  });
});
