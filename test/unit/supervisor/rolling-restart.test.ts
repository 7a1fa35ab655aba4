import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../../src/clock.js';
import { RollingRestartError } from '../../../src/errors.js';
import {
  normalizeRolling,
  type RollingStep,
  rollThrough,
} from '../../../src/supervisor/rolling-restart.js';

const flush = () => new Promise((resolve) => setImmediate(resolve));

/** Steps whose replacement finishes when the test says so. */
function steps(keys: string[]) {
  const down = new Set<string>();
  const log: string[] = [];
  let maxDown = 0;
  const pending = new Map<string, { ok: () => void; fail: (e: Error) => void }>();
  const list: RollingStep[] = keys.map((key) => ({
    key,
    replace: () =>
      new Promise<void>((resolve, reject) => {
        down.add(key);
        maxDown = Math.max(maxDown, down.size);
        log.push(`down ${key}`);
        pending.set(key, {
          ok: () => {
            down.delete(key);
            log.push(`up ${key}`);
            resolve();
          },
          fail: reject,
        });
      }),
  }));
  return { list, log, pending, maxDown: () => maxDown };
}

describe('rolling restart', () => {
  it('maxUnavailable 1: the next goes down only once the previous is back', async () => {
    const s = steps(['w:0', 'w:1', 'w:2']);
    const roll = rollThrough(s.list, normalizeRolling('w'), new ManualClock());
    for (const key of ['w:0', 'w:1', 'w:2']) {
      await flush();
      assert.equal(s.log.at(-1), `down ${key}`);
      s.pending.get(key)?.ok();
    }
    assert.deepEqual(await roll, ['w:0', 'w:1', 'w:2']);
    assert.deepEqual(s.log, ['down w:0', 'up w:0', 'down w:1', 'up w:1', 'down w:2', 'up w:2']);
    assert.equal(s.maxDown(), 1);
  });

  it('maxUnavailable 2: a freed slot takes the next member at once', async () => {
    const s = steps(['a', 'b', 'c', 'd']);
    const roll = rollThrough(
      s.list,
      normalizeRolling('w', { maxUnavailable: 2 }),
      new ManualClock(),
    );
    await flush();
    assert.deepEqual(s.log, ['down a', 'down b']);
    s.pending.get('b')?.ok();
    await flush();
    assert.equal(s.log.at(-1), 'down c');
    s.pending.get('a')?.ok();
    await flush();
    s.pending.get('c')?.ok();
    s.pending.get('d')?.ok();
    assert.deepEqual(await roll, ['b', 'a', 'c', 'd']);
    assert.equal(s.maxDown(), 2);
  });

  it('a member that fails stops the roll; the rest are untouched; the error names it', async () => {
    const s = steps(['a', 'b', 'c', 'd']);
    const roll = rollThrough(s.list, normalizeRolling('w'), new ManualClock());
    await flush();
    s.pending.get('a')?.ok();
    await flush();
    s.pending.get('b')?.fail(new Error('exit status 127'));
    await assert.rejects(roll, (e: RollingRestartError) => {
      assert.ok(e instanceof RollingRestartError);
      assert.equal(e.code, 'ROLLING_RESTART_FAILED');
      assert.equal(e.program, 'b');
      assert.deepEqual(e.restarted, ['a']);
      assert.deepEqual(e.untouched, ['c', 'd']);
      assert.match(
        e.message,
        /^Rolling restart stopped at "b": it did not come back RUNNING: exit status 127\. 2 member\(s\) left running untouched: c, d\.$/,
      );
      return true;
    });
    assert.ok(!s.log.includes('down c'));
  });

  it('timeoutSecs bounds each member, through the clock', async () => {
    const clock = new ManualClock();
    const s = steps(['a', 'b']);
    const roll = rollThrough(s.list, normalizeRolling('w', { timeoutSecs: 30 }), clock);
    await flush();
    clock.advance(29_999);
    await flush();
    assert.deepEqual(s.log, ['down a']);
    clock.advance(1);
    await assert.rejects(roll, {
      program: 'a',
      message: /Timed out after 30000 ms waiting for "a" to be RUNNING/,
    });
    assert.equal(clock.pending, 0);
  });

  it('a supervisor shutting down stops the roll before the next member goes down', async () => {
    const s = steps(['a', 'b']);
    let stopping = false;
    const roll = rollThrough(s.list, normalizeRolling('w'), new ManualClock(), () => stopping);
    await flush();
    stopping = true;
    s.pending.get('a')?.ok();
    await assert.rejects(roll, (e: RollingRestartError) => {
      assert.equal(e.program, 'b');
      assert.deepEqual(e.restarted, ['a']);
      assert.equal((e.cause as { code?: string }).code, 'SHUTDOWN_STATE');
      return true;
    });
    assert.ok(!s.log.includes('down b'));
  });

  it('options are checked: maxUnavailable >= 1, timeoutSecs >= 0', () => {
    assert.deepEqual(normalizeRolling('w', true), { maxUnavailable: 1, timeoutMs: 0 });
    assert.throws(() => normalizeRolling('w', { maxUnavailable: 0 }), {
      code: 'INVALID_OPTION',
      message: /"maxUnavailable" of program "w": got 0\. Use a whole number >= 1/,
    });
    assert.throws(() => normalizeRolling('w', { timeoutSecs: -5 }), { message: /timeoutSecs/ });
  });
});
