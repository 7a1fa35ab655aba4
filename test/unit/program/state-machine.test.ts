import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exitMayRestart } from '../../../src/program/state-machine.js';
import {
  exited,
  killDue,
  MachineHarness,
  policy,
  retryDue,
  spawned,
  spawnFailed,
  start,
  startSecsElapsed,
  stop,
} from '../../helpers/machine.js';

const running = (over = {}) =>
  new MachineHarness(policy(over)).feed(start, spawned(), startSecsElapsed);

describe('state machine: the transition table of supervisord', () => {
  it('a new process is STOPPED, never started', () => {
    const m = new MachineHarness(policy());
    assert.equal(m.ctx.state, 'STOPPED');
    assert.equal(m.ctx.startedAt, 0);
  });

  it('STOPPED -> STARTING on start, then spawns', () => {
    const m = new MachineHarness(policy()).feed(start);
    assert.deepEqual(m.path, ['STOPPED>STARTING']);
    assert.deepEqual(m.effectTypes(), ['spawn']);
    assert.equal(m.transitions[0]?.tries, 0);
  });

  it('STARTING -> RUNNING once startSecs elapse (timer armed at spawn)', () => {
    const m = new MachineHarness(policy({ startSecs: 2 })).feed(start, spawned(42));
    assert.deepEqual(m.effects.at(-1), { type: 'startTimer', timer: 'start', ms: 2000 });
    m.feed(startSecsElapsed);
    assert.deepEqual(m.path, ['STOPPED>STARTING', 'STARTING>RUNNING']);
    assert.equal(m.transitions[1]?.pid, 42);
  });

  it('startSecs = 0 means RUNNING at once, no timer', () => {
    const m = new MachineHarness(policy({ startSecs: 0 })).feed(start, spawned());
    assert.deepEqual(m.path, ['STOPPED>STARTING', 'STARTING>RUNNING']);
    assert.ok(!m.effectTypes().includes('startTimer:start'));
  });

  it('STARTING -> BACKOFF on an exit before startSecs, whatever the code', () => {
    for (const code of [0, 1, 2]) {
      const m = new MachineHarness(policy()).feed(start, spawned(), exited(code));
      assert.deepEqual(m.path.at(-1), 'STARTING>BACKOFF', `code ${code}`);
      assert.equal(m.transitions.at(-1)?.tries, 1);
      assert.ok(m.effectTypes().includes('cancelTimer:start'));
    }
  });

  it('STARTING -> BACKOFF on a spawn error, with a readable spawnError', () => {
    const m = new MachineHarness(policy()).feed(start, spawnFailed("can't find command 'x'"));
    assert.deepEqual(m.path, ['STOPPED>STARTING', 'STARTING>BACKOFF']);
    assert.equal(m.transitions[1]?.spawnError, "can't find command 'x'");
    assert.equal(m.ctx.spawnError, "can't find command 'x'");
  });

  it('BACKOFF delays grow linearly 1 s, 2 s, 3 s', () => {
    const m = new MachineHarness(policy()).feed(start, spawned(), exited(1));
    for (const _ of [1, 2]) m.feed(retryDue, spawned(), exited(1));
    const delays = m.transitions.filter((t) => t.to === 'BACKOFF').map((t) => t.retryInMs);
    assert.deepEqual(delays, [1000, 2000, 3000]);
  });

  it('startRetries = 3 gives 4 spawns, BACKOFF tries 1..4, then FATAL', () => {
    const m = new MachineHarness(policy({ startRetries: 3 })).feed(start, spawned(), exited(1));
    for (let i = 0; i < 3; i++) m.feed(retryDue, spawned(), exited(1));
    assert.equal(m.effectTypes().filter((e) => e === 'spawn').length, 4);
    assert.deepEqual(
      m.transitions.filter((t) => t.to === 'BACKOFF').map((t) => t.tries),
      [1, 2, 3, 4],
    );
    assert.deepEqual(m.path.slice(-2), ['STARTING>BACKOFF', 'BACKOFF>FATAL']);
    assert.equal(m.transitions.at(-1)?.reason, 'too many start retries too quickly');
    assert.equal(m.ctx.tries, 0, 'giving up resets the counter');
  });

  it('startRetries = 0 gives exactly one attempt', () => {
    const m = new MachineHarness(policy({ startRetries: 0 })).feed(start, spawnFailed());
    assert.deepEqual(m.path, ['STOPPED>STARTING', 'STARTING>BACKOFF', 'BACKOFF>FATAL']);
    assert.equal(m.effectTypes().filter((e) => e === 'spawn').length, 1);
  });

  it('BACKOFF -> STARTING when the retry is due; STARTING carries tries before the attempt', () => {
    const m = new MachineHarness(policy()).feed(start, spawned(), exited(1), retryDue);
    assert.deepEqual(m.path.slice(-1), ['BACKOFF>STARTING']);
    assert.equal(m.transitions.at(-1)?.tries, 1);
  });

  it('reaching RUNNING resets the retry counter', () => {
    const m = new MachineHarness(policy()).feed(
      start,
      spawned(),
      exited(1),
      retryDue,
      spawned(),
      startSecsElapsed,
    );
    assert.equal(m.ctx.tries, 0);
  });

  it('RUNNING -> EXITED on its own exit; expected when the code is in exitCodes', () => {
    const m = running({ autorestart: false }).feed(exited(0));
    assert.deepEqual(m.path.at(-1), 'RUNNING>EXITED');
    assert.equal(m.transitions.at(-1)?.expected, true);
    const n = running({ autorestart: false, exitCodes: [0, 2] }).feed(exited(2));
    assert.equal(n.transitions.at(-1)?.expected, true);
    const o = running({ autorestart: false }).feed(exited(3));
    assert.equal(o.transitions.at(-1)?.expected, false);
    assert.equal(o.ctx.lastExit?.exitStatus, 3);
  });

  it('death by signal is never expected, exit status -1', () => {
    const m = running({ autorestart: false, exitCodes: [0, 9, 137] }).feed(exited(null, 'SIGKILL'));
    assert.equal(m.transitions.at(-1)?.expected, false);
    assert.equal(m.ctx.lastExit?.exitStatus, -1);
    assert.equal(m.ctx.lastExit?.cause, 'signal');
  });

  it('EXITED -> STARTING: autorestart true always', () => {
    const m = running({ autorestart: true }).feed(exited(0));
    assert.deepEqual(m.path.slice(-2), ['RUNNING>EXITED', 'EXITED>STARTING']);
  });

  it('EXITED -> STARTING: autorestart unexpected only when the code is not in exitCodes', () => {
    assert.deepEqual(running().feed(exited(0)).path.at(-1), 'RUNNING>EXITED');
    assert.deepEqual(running().feed(exited(1)).path.at(-1), 'EXITED>STARTING');
    assert.deepEqual(running().feed(exited(null, 'SIGKILL')).path.at(-1), 'EXITED>STARTING');
  });

  it('EXITED stays with autorestart false; explicit start restarts it', () => {
    const m = running({ autorestart: false }).feed(exited(1));
    assert.deepEqual(m.path.at(-1), 'RUNNING>EXITED');
    m.feed(start);
    assert.deepEqual(m.path.at(-1), 'EXITED>STARTING');
  });

  it('an exit after RUNNING resets the counter: a slow crash loop never goes FATAL', () => {
    const m = running({ autorestart: true, startRetries: 1 });
    for (let i = 0; i < 10; i++) m.feed(exited(1), spawned(), startSecsElapsed);
    assert.ok(!m.path.includes('BACKOFF>FATAL'));
    assert.equal(m.ctx.state, 'RUNNING');
  });

  it('FATAL -> STARTING only by an explicit start', () => {
    const m = new MachineHarness(policy({ startRetries: 0 })).feed(start, spawnFailed());
    m.clear().feed(retryDue, startSecsElapsed);
    assert.deepEqual(m.path, []);
    m.feed(start);
    assert.deepEqual(m.path, ['FATAL>STARTING']);
  });

  it('STARTING and RUNNING -> STOPPING on stop: signal, kill deadline', () => {
    for (const m of [new MachineHarness(policy()).feed(start, spawned()), running()]) {
      m.clear().feed(stop);
      assert.deepEqual(m.path, [`${m.transitions[0]?.from}>STOPPING`]);
      assert.deepEqual(m.effectTypes(), ['cancelTimer:start', 'sendStopSignal', 'startTimer:kill']);
      assert.deepEqual(m.effects.at(-1), { type: 'startTimer', timer: 'kill', ms: 10000 });
    }
  });

  it('STOPPING -> STOPPED when reaped, whatever the exit code', () => {
    for (const code of [0, 1, null]) {
      const m = running().feed(stop, exited(code, code === null ? 'SIGTERM' : null));
      assert.deepEqual(m.path.slice(-1), ['STOPPING>STOPPED']);
      assert.equal(m.ctx.lastExit?.cause, 'stop-requested');
      assert.ok(m.effectTypes().includes('cancelTimer:kill'));
    }
  });

  it('a stop the supervisor asked for never triggers a restart', () => {
    const m = running({ autorestart: true }).feed(stop, exited(1));
    assert.equal(m.ctx.state, 'STOPPED');
    assert.equal(m.effectTypes().filter((e) => e === 'spawn').length, 1);
  });

  it('SIGKILL at the kill deadline, repeated every stopWaitSecs until reaped', () => {
    const m = running({ stopWaitSecs: 2 }).feed(stop).clear().feed(killDue, killDue);
    assert.deepEqual(m.effectTypes(), [
      'sendKill',
      'startTimer:kill',
      'sendKill',
      'startTimer:kill',
    ]);
    m.feed(exited(null, 'SIGKILL'));
    assert.equal(m.ctx.lastExit?.forced, true);
    assert.equal(m.ctx.state, 'STOPPED');
  });

  it('BACKOFF -> STOPPED on stop, without a signal, pid 0, counter kept', () => {
    const m = new MachineHarness(policy()).feed(start, spawned(), exited(1)).clear().feed(stop);
    assert.deepEqual(m.path, ['BACKOFF>STOPPED']);
    assert.deepEqual(m.effectTypes(), ['cancelTimer:retry']);
    assert.equal(m.transitions[0]?.pid, 0);
    assert.equal(m.ctx.tries, 1);
  });

  it('BACKOFF -> FATAL on supervisor shutdown (giveUp)', () => {
    const m = new MachineHarness(policy())
      .feed(start, spawned(), exited(1))
      .clear()
      .feed({ type: 'giveUp' });
    assert.deepEqual(m.path, ['BACKOFF>FATAL']);
  });

  it('a signallable state -> UNKNOWN when signalling fails', () => {
    for (const m of [
      new MachineHarness(policy()).feed(start, spawned()),
      running(),
      running().feed(stop),
    ]) {
      m.clear().feed({ type: 'signalFailed', error: 'EPERM' });
      assert.equal(m.ctx.state, 'UNKNOWN');
      assert.equal(m.transitions[0]?.reason, 'EPERM');
    }
  });

  it('start in the running set is refused: ALREADY_STARTED, no change', () => {
    for (const m of [
      new MachineHarness(policy()).feed(start),
      running(),
      new MachineHarness(policy()).feed(start, spawnFailed()),
    ]) {
      const before = m.ctx;
      m.feed(start);
      assert.equal(m.refused, 'ALREADY_STARTED');
      assert.equal(m.ctx, before);
    }
  });

  it('stop when stopped, exited, fatal or stopping is refused: NOT_RUNNING', () => {
    const cases = [
      new MachineHarness(policy()),
      running({ autorestart: false }).feed(exited(0)),
      new MachineHarness(policy({ startRetries: 0 })).feed(start, spawnFailed()),
      running().feed(stop),
    ];
    for (const m of cases) {
      m.feed(stop);
      assert.equal(m.refused, 'NOT_RUNNING', m.ctx.state);
    }
  });

  it('no event when the state does not change (stale timers are ignored)', () => {
    const m = running().clear().feed(retryDue, startSecsElapsed, killDue, spawned());
    assert.deepEqual(m.path, []);
    assert.deepEqual(m.effects, []);
  });

  it('exit info carries uptime, cause and time from the injected clock', () => {
    const m = new MachineHarness(policy({ autorestart: false }))
      .at(1000)
      .feed(start, spawned())
      .at(3500);
    m.feed(startSecsElapsed).at(4000).feed(exited(7));
    assert.deepEqual(
      { ...m.ctx.lastExit },
      {
        code: 7,
        signal: null,
        exitStatus: 7,
        expected: false,
        uptimeMs: 3000,
        forced: false,
        cause: 'exit',
        time: 4000,
      },
    );
  });
});

describe('state machine: restart budget (opt-in)', () => {
  const budget = { maxRestarts: 2, withinMs: 10_000 };

  it('gives up after maxRestarts automatic restarts within the window, counting crashes after RUNNING', () => {
    const m = running({ autorestart: true, restartBudget: budget });
    for (let t = 1; t <= 3; t++) m.at(t * 2000).feed(exited(1), spawned(), startSecsElapsed);
    assert.equal(m.ctx.state, 'FATAL');
    assert.match(
      m.transitions.at(-1)?.reason ?? '',
      /restart budget exhausted: 2 restarts within 10 s/,
    );
  });

  it('restarts outside the window do not count', () => {
    const m = running({ autorestart: true, restartBudget: budget });
    for (let t = 1; t <= 5; t++) m.at(t * 6000).feed(exited(1), spawned(), startSecsElapsed);
    assert.equal(m.ctx.state, 'RUNNING');
  });

  it('explicit starts are never counted', () => {
    const m = running({ autorestart: false, restartBudget: { maxRestarts: 1, withinMs: 60_000 } });
    for (let i = 0; i < 5; i++) m.feed(exited(1), start, spawned(), startSecsElapsed);
    assert.equal(m.ctx.state, 'RUNNING');
  });
});

describe('state machine: readiness (opt-in)', () => {
  const ready = { type: 'ready' } as const;
  const withProbe = (timeoutSecs = 5, over = {}) =>
    new MachineHarness(policy({ readiness: { timeoutSecs }, ...over }));

  it('STARTING lasts until ready, whatever startSecs; the start timer is the timeout', () => {
    const m = withProbe(5, { startSecs: 0 }).feed(start, spawned());
    assert.deepEqual(m.path, ['STOPPED>STARTING']);
    assert.deepEqual(m.effects.at(-1), { type: 'startTimer', timer: 'start', ms: 5000 });
    m.feed(ready);
    assert.deepEqual(m.path.at(-1), 'STARTING>RUNNING');
    assert.ok(m.effectTypes().includes('cancelTimer:start'));
  });

  it('not ready within the timeout: stopped, then BACKOFF with cause start-timeout', () => {
    const m = withProbe(5).feed(start, spawned()).clear().feed(startSecsElapsed);
    assert.deepEqual(m.path, []);
    assert.deepEqual(m.effectTypes(), ['sendStopSignal', 'startTimer:kill']);
    m.feed(killDue);
    assert.ok(m.effectTypes().includes('sendKill'));
    m.feed(exited(null, 'SIGKILL'));
    assert.deepEqual(m.path, ['STARTING>BACKOFF']);
    assert.equal(m.ctx.lastExit?.cause, 'start-timeout');
    assert.equal(m.ctx.lastExit?.forced, true);
  });

  it('repeated timeouts count as start retries and end FATAL', () => {
    const m = withProbe(1, { startRetries: 1 }).feed(start, spawned(), startSecsElapsed, exited(0));
    m.feed(retryDue, spawned(), startSecsElapsed, exited(0));
    assert.deepEqual(m.path.slice(-2), ['STARTING>BACKOFF', 'BACKOFF>FATAL']);
  });

  it('timeoutSecs 0 waits forever; ready without a probe configured is ignored', () => {
    const m = withProbe(0).feed(start, spawned());
    assert.ok(!m.effectTypes().includes('startTimer:start'));
    const plain = new MachineHarness(policy()).feed(start, spawned()).clear().feed(ready);
    assert.deepEqual(plain.path, []);
  });
});

describe('state machine: liveness restart (a stop with cause liveness)', () => {
  const livenessStop = { type: 'stop', cause: 'liveness' } as const;

  it('RUNNING -> STOPPING -> STOPPED -> STARTING, exit cause liveness', () => {
    const m = running().clear().feed(livenessStop, exited(null, 'SIGTERM'));
    assert.deepEqual(m.path, ['RUNNING>STOPPING', 'STOPPING>STOPPED', 'STOPPED>STARTING']);
    assert.equal(m.ctx.lastExit?.cause, 'liveness');
    assert.ok(m.effectTypes().includes('spawn'));
  });

  it('counts in restartBudget like every automatic restart', () => {
    const m = running({ restartBudget: { maxRestarts: 2, withinMs: 10_000 } });
    for (let t = 1; t <= 3; t++)
      m.at(t * 1000).feed(livenessStop, exited(null, 'SIGTERM'), spawned(), startSecsElapsed);
    assert.equal(m.ctx.state, 'FATAL');
    assert.match(
      m.transitions.at(-1)?.reason ?? '',
      /restart budget exhausted: 2 restarts within 10 s/,
    );
  });

  it('a stop asked for during that stop cancels the restart', () => {
    const m = running().clear().feed(livenessStop, stop);
    assert.equal(m.refused, 'NOT_RUNNING', 'a second stop is still refused');
    m.feed({ type: 'cancelRestart' }, exited(null, 'SIGTERM'));
    assert.deepEqual(m.path, ['RUNNING>STOPPING', 'STOPPING>STOPPED']);
  });

  it('so does it for a memory-limit stop', () => {
    const m = running()
      .clear()
      .feed({ type: 'stop', cause: 'resource-limit' }, { type: 'cancelRestart' });
    m.feed(exited(null, 'SIGTERM'));
    assert.deepEqual(m.path, ['RUNNING>STOPPING', 'STOPPING>STOPPED']);
  });

  it('the ready input carries what the probe found onto the RUNNING transition', () => {
    const found = {
      kind: 'message',
      payload: { ready: true, port: 4000 },
      description: 'ready message',
      time: 0,
    } as const;
    const m = new MachineHarness(policy({ readiness: { timeoutSecs: 5 } })).feed(start, spawned(), {
      type: 'ready',
      readiness: found,
    });
    assert.equal(m.transitions.at(-1)?.to, 'RUNNING');
    assert.deepEqual(m.transitions.at(-1)?.readiness, found);
  });
});

describe('exitMayRestart: the look that spares a step per exit of a stop', () => {
  const causes = [
    undefined,
    'stop-requested',
    'resource-limit',
    'liveness',
    'start-timeout',
    'max-runtime',
    'scheduled',
  ] as const;
  for (const cause of causes) {
    it(`agrees with the table for an exit in STOPPING after a stop (cause ${cause ?? 'none'})`, () => {
      const m = running({ autorestart: true }).feed(cause ? { type: 'stop', cause } : stop);
      assert.equal(m.ctx.state, 'STOPPING');
      const may = exitMayRestart(m.ctx.state, m.ctx);
      const before = m.effects.length;
      m.feed(exited(0, 'SIGTERM'));
      const spawns = m.effects.slice(before).some((e) => e.type === 'spawn');
      assert.ok(may || !spawns, 'it said no restart, and the machine spawned');
      assert.equal(may, cause === 'resource-limit' || cause === 'liveness');
    });
  }

  it('is true outside STOPPING (the step decides there)', () => {
    const m = running();
    assert.equal(exitMayRestart(m.ctx.state, m.ctx), true);
  });
});
