import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../../src/clock.js';
import { errorText, type ProbeAttempt, runAttempt } from '../../../src/health/probe-attempt.js';

/** An attempt that settles only when told, and records the signal it got. */
function pending() {
  const seen: { signal?: AbortSignal } = {};
  let settle: (ok: boolean) => void = () => {};
  const attempt: ProbeAttempt = (signal) => {
    seen.signal = signal;
    return new Promise((resolve) => {
      settle = (ok) => resolve({ ok, message: ok ? 'fine' : 'bad' });
    });
  };
  return { attempt, seen, settle: (ok: boolean) => settle(ok) };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));
const limitsOf = (clock: ManualClock, timeoutMs = 1000) => ({
  clock,
  timeoutMs,
  controller: new AbortController(),
});

describe('runAttempt', () => {
  it('returns the outcome; the controller stays usable for the next attempt', async () => {
    const clock = new ManualClock();
    const p = pending();
    const limits = limitsOf(clock);
    const result = runAttempt(p.attempt, limits);
    p.settle(true);
    assert.deepEqual(await result, { ok: true, message: 'fine' });
    assert.equal(limits.controller.signal.aborted, false);
    assert.equal(clock.pending, 0, 'the timeout timer is cleared');
  });

  it('a slow attempt fails at the timeout and is aborted', async () => {
    const clock = new ManualClock();
    const p = pending();
    const result = runAttempt(p.attempt, limitsOf(clock));
    clock.advance(999);
    await flush();
    assert.equal(p.seen.signal?.aborted, false);
    clock.advance(1);
    assert.deepEqual(await result, { ok: false, message: 'timed out after 1000 ms' });
    assert.equal(p.seen.signal?.aborted, true);
  });

  it('an attempt that ends after an outside abort fails; an aborted controller starts nothing', async () => {
    const clock = new ManualClock();
    const p = pending();
    const limits = limitsOf(clock);
    const result = runAttempt(p.attempt, limits);
    limits.controller.abort();
    p.settle(true);
    assert.deepEqual(await result, { ok: false, message: 'aborted' });
    assert.equal(clock.pending, 0);
    let called = false;
    const never: ProbeAttempt = async () => {
      called = true;
      return { ok: true, message: '' };
    };
    assert.equal((await runAttempt(never, limits)).ok, false);
    assert.equal(called, false);
  });

  it('a throw is a failed outcome with a readable message', async () => {
    const clock = new ManualClock();
    const boom: ProbeAttempt = async () => {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }),
      });
    };
    const outcome = await runAttempt(boom, limitsOf(clock, 5));
    assert.deepEqual(outcome, { ok: false, message: 'fetch failed (ECONNREFUSED)' });
    assert.equal(errorText('plain'), 'plain');
  });
});
