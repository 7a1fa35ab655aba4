import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../../src/clock.js';
import type { ProbeOutcome } from '../../../src/health/probe-attempt.js';
import { SilenceWatch } from '../../../src/health/silence-watch.js';

function watch() {
  const clock = new ManualClock();
  const outcomes: ProbeOutcome[] = [];
  const w = new SilenceWatch({
    clock,
    silenceMs: 3000,
    periodMs: 1000,
    onOutcome: (o) => outcomes.push(o),
  });
  return { clock, outcomes, w };
}

describe('SilenceWatch', () => {
  it('a failure when nothing came for silenceMs, then one more every period it lasts', () => {
    const { clock, outcomes, w } = watch();
    w.start();
    clock.advance(2999);
    assert.equal(outcomes.length, 0);
    clock.advance(1);
    assert.equal(outcomes.length, 1);
    assert.equal(outcomes[0]?.ok, false);
    assert.match(outcomes[0]?.message ?? '', /no output or heartbeat for 3 s \(silenceSecs 3 s\)/);
    clock.advance(2000);
    assert.equal(outcomes.length, 3);
    w.stop();
    assert.equal(clock.pending, 0);
  });

  it('activity pushes the deadline back without a timer per chunk', () => {
    const { clock, outcomes, w } = watch();
    w.start();
    clock.advance(2000);
    w.activity();
    w.activity();
    assert.equal(clock.pending, 1, 'still one timer');
    clock.advance(2999);
    assert.equal(outcomes.length, 0, 'counted from the last activity');
    clock.advance(1);
    assert.equal(outcomes.length, 1);
  });

  it('output after silence reports ok once and starts over', () => {
    const { clock, outcomes, w } = watch();
    w.start();
    clock.advance(3000);
    w.activity();
    w.activity();
    assert.deepEqual(
      outcomes.map((o) => o.ok),
      [false, true],
    );
    clock.advance(2999);
    assert.equal(outcomes.length, 2);
    w.stop();
    w.activity();
    assert.equal(clock.pending, 0, 'activity after stop arms nothing');
  });
});
