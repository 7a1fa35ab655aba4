import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../../src/clock.js';
import { LivenessMonitor } from '../../../src/health/liveness-monitor.js';
import type { ProbeAttempt, ProbeOutcome } from '../../../src/health/probe-attempt.js';

const flush = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
};

/** Attempts that the test settles one by one; records start times and aborts. */
function scripted(clock: ManualClock) {
  const starts: number[] = [];
  const aborted: number[] = [];
  const settlers: ((ok: boolean) => void)[] = [];
  const attempt: ProbeAttempt = (signal) =>
    new Promise((resolve) => {
      const n = starts.push(clock.now()) - 1;
      signal.addEventListener('abort', () => aborted.push(n));
      settlers.push((ok) => resolve({ ok, message: ok ? 'ok' : 'down' }));
    });
  return { attempt, starts, aborted, settle: (i: number, ok: boolean) => settlers[i]?.(ok) };
}

function monitor(
  clock: ManualClock,
  attempt: ProbeAttempt,
  over: Partial<{ periodMs: number; timeoutMs: number; initialDelayMs: number }> = {},
) {
  const outcomes: ProbeOutcome[] = [];
  const m = new LivenessMonitor({
    clock,
    attempt,
    periodMs: 10_000,
    timeoutMs: 1000,
    initialDelayMs: 0,
    onOutcome: (o) => outcomes.push(o),
    ...over,
  });
  return { m, outcomes };
}

describe('LivenessMonitor', () => {
  it('probes after initialDelay, then every period measured from the previous start', async () => {
    const clock = new ManualClock();
    const s = scripted(clock);
    const { m, outcomes } = monitor(clock, s.attempt, { initialDelayMs: 5000 });
    m.start();
    clock.advance(4999);
    assert.equal(s.starts.length, 0);
    clock.advance(1);
    assert.deepEqual(s.starts, [5000]);
    clock.advance(300);
    s.settle(0, true);
    await flush();
    clock.advance(9700);
    await flush();
    assert.deepEqual(s.starts, [5000, 15_000]);
    assert.equal(outcomes.length, 1);
    m.stop();
  });

  it('never overlaps itself: a hung attempt times out before the next one starts', async () => {
    const clock = new ManualClock();
    const s = scripted(clock);
    const { m, outcomes } = monitor(clock, s.attempt, { periodMs: 500, timeoutMs: 2000 });
    m.start();
    clock.advance(0);
    assert.equal(s.starts.length, 1);
    clock.advance(1999);
    await flush();
    assert.equal(
      s.starts.length,
      1,
      'no second attempt while the first runs, though the period passed',
    );
    clock.advance(1);
    await flush();
    assert.deepEqual(outcomes, [{ ok: false, message: 'timed out after 2000 ms' }]);
    assert.deepEqual(s.aborted, [0]);
    clock.advance(0);
    await flush();
    assert.equal(s.starts.length, 2, 'late: the next starts at once');
    m.stop();
  });

  it('stop() aborts the attempt in flight, clears the timer, reports nothing more', async () => {
    const clock = new ManualClock();
    const s = scripted(clock);
    const { m, outcomes } = monitor(clock, s.attempt);
    m.start();
    clock.advance(0);
    m.stop();
    await flush();
    assert.deepEqual(s.aborted, [0]);
    s.settle(0, false);
    await flush();
    assert.equal(outcomes.length, 0);
    assert.equal(clock.pending, 0, 'no timer left to keep the host alive');
    assert.equal(m.running, false);
  });
});
