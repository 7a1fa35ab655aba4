// A pass over many programs hands its samples out in slices, yielding to the event loop.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../../src/clock.js';
import type { ProcessSnapshot, ProcessSource } from '../../../src/metrics/process-source.js';
import { type ProgramStats, Sampler, type SampleTarget } from '../../../src/metrics/sampler.js';

const N = 64;

/** Every target alive, with no descendants. */
class AllAlive implements ProcessSource {
  readonly kind = 'fake';
  async sample(roots: readonly number[]): Promise<ProcessSnapshot> {
    const usage = new Map(roots.map((pid) => [pid, { cpu: 1, memory: 1, elapsedMs: 1000 }]));
    return { descendants: new Map(), usage, errors: [] };
  }
  clear(): void {}
}

/** Keeps the loop busy for `ms` (an onSample with some work to do). */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spin
  }
}

function setup(onSample: (stats: ProgramStats) => void) {
  const targets: SampleTarget[] = Array.from({ length: N }, (_, i) => ({
    name: `p${i}`,
    group: `p${i}`,
    pid: 1000 + i,
  }));
  const passes: number[] = [];
  const sampler = new Sampler({
    intervalMs: 1000,
    clock: new ManualClock(0),
    source: new AllAlive(),
    targets: () => targets,
    onSample,
    onPass: (p) => passes.push(p.length),
    onError: (e) => assert.fail(e),
  });
  return { sampler, passes };
}

describe('Sampler: delivery in slices', () => {
  it('yields to the event loop between slices, and delivers every sample in order', async () => {
    const seen: number[] = [];
    let turnsBetween = 0;
    let counting = true;
    const countTurns = () => {
      if (!counting) return;
      turnsBetween++;
      setImmediate(countTurns);
    };
    const { sampler, passes } = setup((stats) => {
      if (seen.length === 0) setImmediate(countTurns);
      seen.push(stats.pid);
      busy(0.2);
    });
    const result = await sampler.sampleNow();
    counting = false;
    assert.equal(result.length, N);
    assert.deepEqual(
      seen,
      result.map((s) => s.pid),
    );
    assert.deepEqual(passes, [N], 'onPass once, after the last sample');
    assert.ok(turnsBetween > 0, 'other callbacks ran while the samples were handed out');
  });

  it('stop() between two slices: the rest of the pass is not delivered', async () => {
    let delivered = 0;
    const { sampler, passes } = setup(() => {
      delivered++;
      if (delivered === 1) setImmediate(() => sampler.stop());
      busy(0.2);
    });
    sampler.start();
    await sampler.sampleNow();
    assert.ok(delivered > 0 && delivered < N, `delivered ${delivered} of ${N}`);
    assert.deepEqual(passes, [], 'no onPass for a pass cut short');
  });
});
