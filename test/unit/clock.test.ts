import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_TIMER_MS, SystemClock, type TimerFunctions } from '../../src/clock.js';

/** Timer functions that record the delays asked for and fire only when told. */
function recordingTimers() {
  const armed: { fn: () => void; ms: number; cleared: boolean }[] = [];
  const fns: TimerFunctions = {
    setTimeout: (fn, ms) => {
      const t = { fn, ms, cleared: false };
      armed.push(t);
      return t;
    },
    clearTimeout: (t) => {
      if (t) (t as { cleared: boolean }).cleared = true;
    },
  };
  const fireLast = () => armed.at(-1)?.fn();
  return { fns, armed, fireLast };
}

describe('SystemClock: delays past 2^31-1 ms', () => {
  it('knows the limit of Node timers', () => {
    assert.equal(MAX_TIMER_MS, 2147483647);
  });

  it('waits in chained timers of at most the limit, and fires only after the last', () => {
    const { fns, armed, fireLast } = recordingTimers();
    const clock = new SystemClock(fns, 1000);
    let fired = 0;
    clock.setTimeout(() => fired++, 2500);
    assert.deepEqual(
      armed.map((t) => t.ms),
      [1000],
    );
    fireLast();
    fireLast();
    assert.equal(fired, 0);
    assert.deepEqual(
      armed.map((t) => t.ms),
      [1000, 1000, 500],
    );
    fireLast();
    assert.equal(fired, 1);
  });

  it('clearTimeout cancels whichever link of the chain is armed', () => {
    const { fns, armed, fireLast } = recordingTimers();
    const clock = new SystemClock(fns, 1000);
    let fired = 0;
    const handle = clock.setTimeout(() => fired++, 3000);
    fireLast();
    clock.clearTimeout(handle);
    assert.equal(armed[1]?.cleared, true);
    assert.equal(fired, 0);
  });

  it('a delay of stopWaitSecs 3e6 (34.7 days) never asks Node for more than the limit', () => {
    const { fns, armed } = recordingTimers();
    new SystemClock(fns).setTimeout(() => {}, 3e9);
    assert.equal(armed[0]?.ms, MAX_TIMER_MS);
  });

  it('a real 3e9 ms timer does not fire at once', async () => {
    const clock = new SystemClock();
    let fired = false;
    const handle = clock.setTimeout(() => {
      fired = true;
    }, 3e9);
    await new Promise((resolve) => setTimeout(resolve, 30));
    clock.clearTimeout(handle);
    assert.equal(fired, false);
  });
});
