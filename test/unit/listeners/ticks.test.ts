import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../../src/clock.js';
import { Ticker } from '../../../src/listeners/ticks.js';

describe('listeners/ticks: TICK_5/60/3600 at period boundaries', () => {
  it('fires when the wall clock enters a new period, with its start in seconds', () => {
    const clock = new ManualClock(1_700_000_003_000);
    const ticks: string[] = [];
    const ticker = new Ticker(clock, (period, when) => ticks.push(`${period}@${when}`));
    ticker.start([5, 60]);
    clock.advance(1_999);
    assert.equal(ticks.length, 0);
    clock.advance(1);
    assert.deepEqual(ticks, ['5@1700000005']);
    clock.advance(55_000); // now ...060 s: eleven more 5 s boundaries, and the minute at ...040
    assert.equal(ticks.filter((t) => t.startsWith('5@')).length, 12);
    assert.deepEqual(
      ticks.filter((t) => t.startsWith('60@')),
      ['60@1700000040'],
    );
    assert.equal(ticks.at(-1), '5@1700000060');
    ticker.stop();
    clock.advance(3_600_000);
    assert.equal(ticker.running, false);
  });
});
