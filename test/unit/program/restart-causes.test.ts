import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describe as describeInfo } from '../../../src/program/info.js';
import type { MachineInput } from '../../../src/program/machine-types.js';
import {
  exited,
  MachineHarness,
  policy,
  retryDue,
  spawned,
  start,
  startSecsElapsed,
} from '../../helpers/machine.js';

const limitStop: MachineInput = { type: 'stop', cause: 'resource-limit' };

/** Up and RUNNING at `now`. */
function runUp(m: MachineHarness, now: number, pid = 100): MachineHarness {
  return m
    .at(now)
    .feed(spawned(pid))
    .at(now + 1000)
    .feed(startSecsElapsed);
}

/** The memory guard stops it `after` ms after it started; the machine decides what next. */
function limitHit(m: MachineHarness, now: number): MachineHarness {
  return m.at(now).feed(limitStop, exited(null, 'SIGTERM'));
}

describe('every automatic restart counts in restartBudget (issue 11, point 4)', () => {
  it('a program always over its memoryLimit ends FATAL with the reason, budget 2 per 60 s', () => {
    const m = new MachineHarness(policy({ restartBudget: { maxRestarts: 2, withinMs: 60_000 } }));
    m.feed(start);
    runUp(m, 0);
    limitHit(m, 1500); // restart 1, at once
    runUp(m, 1500, 101);
    limitHit(m, 3000); // restart 2, after backoff(1)
    assert.equal(m.ctx.state, 'BACKOFF');
    m.at(4000).feed(retryDue);
    runUp(m, 4000, 102);
    limitHit(m, 5500); // budget spent
    assert.equal(m.ctx.state, 'FATAL');
    assert.match(
      m.ctx.reason ?? '',
      /^restart budget exhausted: 2 restarts within 60 s \(last cause: memory limit\)$/,
    );
    assert.deepEqual(m.path.slice(-2), ['STOPPING>STOPPED', 'STOPPED>FATAL']);
  });

  it('crashes and memory-limit restarts share one budget', () => {
    const m = new MachineHarness(
      policy({ autorestart: true, restartBudget: { maxRestarts: 2, withinMs: 60_000 } }),
    );
    m.feed(start);
    runUp(m, 0);
    m.at(2000).feed(exited(1)); // crash: restart 1
    runUp(m, 2000, 101);
    limitHit(m, 4000); // limit: restart 2
    runUp(m, 4000, 102);
    m.at(6000).feed(exited(1)); // crash: budget spent
    assert.equal(m.ctx.state, 'FATAL');
    assert.match(m.ctx.reason ?? '', /last cause: exit status 1/);
  });

  it('without a budget, limit restarts in a row are spaced by the backoff: 0, 1 s, 2 s', () => {
    const m = new MachineHarness(policy());
    m.feed(start);
    runUp(m, 0);
    limitHit(m, 1500);
    assert.equal(m.ctx.state, 'STARTING', 'the first restart is at once');
    const delays: (number | undefined)[] = [];
    for (let i = 0; i < 2; i++) {
      runUp(m, m.now, 101 + i);
      limitHit(m, m.now + 500);
      const backoff = m.transitions.at(-1);
      assert.equal(backoff?.to, 'BACKOFF');
      delays.push(backoff?.retryInMs);
      m.at(m.now + (backoff?.retryInMs ?? 0)).feed(retryDue);
    }
    assert.deepEqual(delays, [1000, 2000]);
  });

  it('a run that stayed up 60 s, or ended another way, starts the count again', () => {
    const m = new MachineHarness(policy({ autorestart: true }));
    m.feed(start);
    runUp(m, 0);
    limitHit(m, 1000);
    runUp(m, 1000, 101);
    limitHit(m, 2000);
    assert.equal(m.ctx.state, 'BACKOFF');
    m.at(3000).feed(retryDue);
    runUp(m, 3000, 102);
    limitHit(m, 3000 + 61_000);
    assert.equal(m.ctx.state, 'STARTING', 'up 61 s: at once again');
    runUp(m, m.now, 103);
    m.at(m.now + 10).feed(exited(1));
    runUp(m, m.now, 104);
    limitHit(m, m.now + 10);
    assert.equal(m.ctx.state, 'STARTING', 'a crash in between: at once again');
  });
});

describe('FATAL and UNKNOWN keep their reason (issue 11, point 5)', () => {
  it('info: the reason stays until the next start, and the description says it', () => {
    const m = new MachineHarness(
      policy({ autorestart: true, restartBudget: { maxRestarts: 1, withinMs: 60_000 } }),
    );
    m.feed(start);
    runUp(m, 0);
    m.at(2000).feed(exited(1));
    runUp(m, 2000, 101);
    m.at(3000).feed(exited(1));
    assert.equal(m.ctx.state, 'FATAL');
    const source = {
      name: 'p',
      group: 'p',
      state: m.ctx.state,
      pid: 0,
      startedAt: 0,
      stoppedAt: 3000,
      exitStatus: 1,
      spawnError: undefined,
      tries: 0,
      reason: m.ctx.reason,
    };
    assert.match(describeInfo(source, 4000), /^restart budget exhausted: 1 restarts within 60 s/);
    m.feed(start);
    assert.equal(m.ctx.reason, undefined);
  });

  it("too many start retries keeps supervisord's description; UNKNOWN says its signal failure", () => {
    const m = new MachineHarness(policy({ startRetries: 0 }));
    m.feed(start, spawned(), exited(1));
    assert.equal(m.ctx.state, 'FATAL');
    assert.equal(m.ctx.reason, 'too many start retries too quickly');
    const base = {
      name: 'p',
      group: 'p',
      pid: 0,
      startedAt: 0,
      stoppedAt: 1,
      exitStatus: 1,
      spawnError: undefined,
      tries: 0,
    };
    assert.equal(
      describeInfo({ ...base, state: 'FATAL', reason: m.ctx.reason }, 2),
      'Exited too quickly (process log may have details)',
    );
    const u = new MachineHarness(policy());
    runUp(u.feed(start), 0);
    u.feed({ type: 'signalFailed', error: 'EPERM' });
    assert.equal(u.ctx.reason, 'EPERM');
    assert.equal(describeInfo({ ...base, state: 'UNKNOWN', reason: u.ctx.reason }, 2), 'EPERM');
  });
});
