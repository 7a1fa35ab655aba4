import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../src/clock.js';
import { toSignalName } from '../../src/process/signals.js';
import { describe as describeProcess, formatUptime, processInfo } from '../../src/program/info.js';
import { waitUntil } from '../../src/program/wait-for.js';

describe('ManualClock', () => {
  it('fires timers in due order only when advanced', () => {
    const clock = new ManualClock(100);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('b'), 20);
    clock.setTimeout(() => fired.push('a'), 10);
    const c = clock.setTimeout(() => fired.push('c'), 15);
    clock.clearTimeout(c);
    clock.advance(15);
    assert.deepEqual(fired, ['a']);
    clock.advance(5);
    assert.deepEqual(fired, ['a', 'b']);
    assert.equal(clock.now(), 120);
  });

  it('timers set by timers fire within the same advance when due', () => {
    const clock = new ManualClock();
    const at: number[] = [];
    clock.setTimeout(() => {
      at.push(clock.now());
      clock.setTimeout(() => at.push(clock.now()), 5);
    }, 5);
    clock.advance(20);
    assert.deepEqual(at, [5, 10]);
  });
});

describe('waitUntil', () => {
  it('times out on the injected clock', async () => {
    const clock = new ManualClock();
    const p = waitUntil(
      { what: 'never', program: 'web' },
      () => undefined,
      () => () => {},
      clock,
      { timeoutMs: 50 },
    );
    clock.advance(50);
    await assert.rejects(p, {
      code: 'TIMEOUT',
      message: 'Timed out after 50 ms waiting for never.',
      program: 'web',
    });
    assert.equal(clock.pending, 0);
  });

  it('aborts through a signal and removes its timer', async () => {
    const clock = new ManualClock();
    const ac = new AbortController();
    const p = waitUntil(
      { what: 'x' },
      () => undefined,
      () => () => {},
      clock,
      { timeoutMs: 50, signal: ac.signal },
    );
    ac.abort();
    await assert.rejects(p, { code: 'ABORTED' });
    assert.equal(clock.pending, 0);
  });
});

describe('process info', () => {
  const source = {
    name: 'web',
    group: 'web',
    pid: 0,
    startedAt: 0,
    stoppedAt: 0,
    exitStatus: 0,
    spawnError: undefined,
    tries: 0,
  };

  it('formats uptime like supervisord', () => {
    assert.equal(formatUptime(62_000), '0:01:02');
    assert.equal(formatUptime(90_061_000), '1 day, 1:01:01');
  });

  it('describes each state', () => {
    assert.equal(describeProcess({ ...source, state: 'STOPPED' }, 0), 'Not started');
    assert.equal(
      describeProcess({ ...source, state: 'RUNNING', pid: 123, startedAt: 1000 }, 63_000),
      'pid 123, uptime 0:01:02',
    );
    assert.equal(
      describeProcess({ ...source, state: 'FATAL', spawnError: "can't find command 'x'" }, 0),
      "can't find command 'x'",
    );
    assert.equal(
      describeProcess({ ...source, state: 'BACKOFF' }, 0),
      'Exited too quickly (process log may have details)',
    );
  });

  it('carries the numeric state code and is frozen', () => {
    const info = processInfo({ ...source, state: 'FATAL' }, 5);
    assert.equal(info.stateCode, 200);
    assert.ok(Object.isFrozen(info));
  });
});

describe('signal names', () => {
  it('normalizes names and numbers, rejects unknown ones', () => {
    assert.equal(toSignalName('hup'), 'SIGHUP');
    assert.equal(toSignalName('SIGUSR2'), 'SIGUSR2');
    assert.equal(toSignalName(2), 'SIGINT');
    assert.equal(toSignalName('NOPE'), undefined);
    assert.equal(toSignalName(''), undefined);
  });
});
