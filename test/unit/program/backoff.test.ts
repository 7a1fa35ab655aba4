import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  exponentialBackoff,
  linearBackoff,
  normalizeBackoff,
} from '../../../src/program/backoff.js';

describe('backoff curves', () => {
  it('linear is supervisord: 1 s, 2 s, 3 s... uncapped', () => {
    const curve = linearBackoff();
    assert.deepEqual([1, 2, 3, 50].map(curve), [1000, 2000, 3000, 50000]);
  });

  it('exponential doubles from initialSecs and caps at maxSecs', () => {
    const curve = exponentialBackoff(0.5, 2, 4, 0);
    assert.deepEqual([1, 2, 3, 4, 5, 10].map(curve), [500, 1000, 2000, 4000, 4000, 4000]);
  });

  it('jitter stretches the delay by up to the factor', () => {
    assert.equal(exponentialBackoff(1, 2, 300, 0.5, () => 1)(1), 1500);
    assert.equal(exponentialBackoff(1, 2, 300, 0.5, () => 0)(1), 1000);
  });

  it('jitter never takes a delay past maxSecs (issue 11: 283 s with maxSecs 200)', () => {
    for (const r of [0, 0.1, 0.5, 0.9, 1]) {
      const curve = exponentialBackoff(1, 2, 200, 0.5, () => r);
      for (const tries of [1, 5, 8, 9, 10, 20, 60]) {
        const ms = curve(tries);
        assert.ok(ms <= 200_000, `tries ${tries}, random ${r}: ${ms} ms`);
        assert.ok(ms >= 0);
      }
    }
    // At the cap the jitter still spreads retries out (below the cap).
    const spread = [0, 0.5, 1].map((r) => exponentialBackoff(1, 2, 200, 0.5, () => r)(20));
    assert.deepEqual(spread, [200_000, 150_000, 100_000]);
  });

  it('a user function returns seconds; a bad return falls back to linear with a warning', () => {
    assert.equal(normalizeBackoff({}, (n: number) => n / 10)(3), 300);
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    const ms = normalizeBackoff({ program: 'p' }, () => Number.NaN)(2);
    assert.equal(ms, 2000);
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        process.off('warning', onWarning);
        assert.match(warnings[0] ?? '', /backoff function of program "p" returned NaN/);
        resolve();
      }),
    );
  });
});
