import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aggregateStats } from '../../../src/metrics/aggregate.js';
import type { ProgramStats } from '../../../src/metrics/sampler.js';
import { SelfUsageMeter } from '../../../src/metrics/self-usage.js';

function stats(
  name: string,
  group: string,
  treeCpu: number,
  treeMemory: number,
  descendants: number[] = [],
): ProgramStats {
  return {
    name,
    group,
    pid: 10,
    cpu: 0,
    memory: 0,
    treeCpu,
    treeMemory,
    descendants,
    elapsedMs: 0,
    time: 1,
  };
}

const self = { pid: 1, cpu: 1.5, memory: 50, heapUsed: 20 };

describe('aggregateStats', () => {
  it('sums trees per group and overall, and adds the supervisor itself', () => {
    const web = stats('web', 'web', 10.1, 100, [11, 12]);
    const w1 = stats('worker_1', 'workers', 20.2, 200);
    const w2 = stats('worker_2', 'workers', 30.3, 300, [13]);
    const result = aggregateStats([web, undefined, w1, w2], self, 1234);
    assert.deepEqual(result, {
      time: 1234,
      programs: [web, w1, w2],
      groups: {
        web: { programs: 1, processes: 3, cpu: 10.1, memory: 100 },
        workers: { programs: 2, processes: 3, cpu: 50.5, memory: 500 },
      },
      totals: { programs: 3, processes: 6, cpu: 60.6, memory: 600 },
      self,
      overall: { cpu: 62.1, memory: 650 },
      orphans: { subreaper: false, zombies: 0, reaped: 0, unclaimed: 0 },
    });
    assert.ok(Object.isFrozen(result));
    assert.ok(Object.isFrozen(result.programs));
    assert.ok(Object.isFrozen(result.groups));
    assert.ok(Object.isFrozen(result.groups.web));
    assert.ok(Object.isFrozen(result.totals));
    assert.ok(Object.isFrozen(result.self));
  });

  it('handles no programs', () => {
    const result = aggregateStats([], self, 5);
    assert.deepEqual(result.totals, { programs: 0, processes: 0, cpu: 0, memory: 0 });
    assert.deepEqual(result.groups, {});
    assert.deepEqual(result.overall, { cpu: 1.5, memory: 50 });
  });

  it('keeps a group named like an Object.prototype key as data', () => {
    const result = aggregateStats([stats('a', '__proto__', 1, 1)], self, 0);
    assert.equal(Object.keys(result.groups).length, 1);
    assert.equal(Object.getOwnPropertyDescriptor(result.groups, '__proto__')?.value.programs, 1);
  });
});

describe('SelfUsageMeter', () => {
  it('reads the host process', () => {
    const meter = new SelfUsageMeter();
    const first = meter.read();
    assert.equal(first.pid, process.pid);
    assert.ok(first.memory > 0 && first.heapUsed > 0);
    assert.ok(first.cpu >= 0);
    // Burn a little CPU so the second reading has something to show.
    const end = performance.now() + 30;
    while (performance.now() < end) {}
    const second = meter.read();
    assert.ok(second.cpu > 0, `cpu ${second.cpu}`);
    assert.ok(Object.isFrozen(second));
  });
});
