import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HookError, HookReason } from '../../src/index.js';
import { until } from '../helpers/logs-helpers.js';
import { nodeFixture, testSupervisor } from '../helpers/processes.js';

describe('lifecycle hooks', () => {
  it('a beforeStop that drains for 500 ms delays the stop signal by at least that', async () => {
    await using sup = testSupervisor();
    const times = { drainStart: 0, drainEnd: 0, stopping: 0, signal: 0 };
    const reasons: HookReason[] = [];
    const web = sup.add({
      name: 'web',
      command: nodeFixture('http-worker.js', 0, 0, 0),
      readiness: { line: /listening on/ },
      hooks: {
        beforeStop: async (program, reason) => {
          reasons.push(reason);
          assert.equal(program.state, 'RUNNING', 'still serving while it drains');
          times.drainStart = Date.now();
          await new Promise((resolve) => setTimeout(resolve, 500));
          times.drainEnd = Date.now();
        },
      },
    });
    sup.on('state', (c) => {
      if (c.to === 'STOPPING') times.stopping = c.time;
    });
    await web.start();
    const exit = await web.stop();
    const line = web.tail().find((l) => l.line.startsWith('got SIGTERM at '));
    assert.ok(line, 'the child got the stop signal');
    times.signal = Number(line.line.slice('got SIGTERM at '.length));
    assert.deepEqual(reasons, ['user']);
    assert.ok(times.stopping >= times.drainEnd, 'STOPPING (the signal) only after the drain');
    assert.ok(
      times.signal - times.drainStart >= 500,
      `signal ${times.signal - times.drainStart} ms after the drain began`,
    );
    assert.equal(exit?.cause, 'stop-requested');
  });

  it('a vetoing beforeStart: start() rejects with HOOK_FAILED and the program stays stopped', async () => {
    await using sup = testSupervisor();
    const spawned: number[] = [];
    sup.on('spawn', (s) => spawned.push(s.pid));
    const web = sup.add({
      name: 'web',
      command: nodeFixture('sleep-forever.js'),
      autostart: false,
      hooks: {
        beforeStart: async () => {
          throw new Error('migrations pending');
        },
      },
    });
    await assert.rejects(web.start(), (e: HookError) => {
      assert.equal(e.code, 'HOOK_FAILED');
      assert.equal(e.hook, 'beforeStart');
      assert.equal(e.program, 'web');
      assert.match(e.message, /beforeStart hook of program "web" threw: migrations pending/);
      return true;
    });
    assert.equal(web.state, 'STOPPED');
    assert.deepEqual(spawned, []);
    assert.deepEqual(sup.pathOf('web'), []);
  });

  it('afterStart, afterExit and reasons through restart, crash and shutdown', async () => {
    const log: string[] = [];
    const sup = testSupervisor();
    const web = sup.add({
      name: 'web',
      command: nodeFixture('sleep-forever.js'),
      startSecs: 0,
      autorestart: true,
      hooks: {
        beforeStart: (_p, reason) => log.push(`beforeStart ${reason}`),
        afterStart: (_p, reason) => log.push(`afterStart ${reason}`),
        beforeStop: (_p, reason) => log.push(`beforeStop ${reason}`),
        afterExit: (_p, reason, exit) => log.push(`afterExit ${reason} ${exit.cause}`),
      },
    });
    await sup.start();
    await web.restart();
    const pid = web.pid;
    process.kill(pid, 'SIGKILL');
    await until(() => web.pid !== pid && web.state === 'RUNNING');
    await sup[Symbol.asyncDispose]();
    await until(() => log.length >= 10);
    assert.deepEqual(log, [
      'beforeStart user',
      'afterStart user',
      'beforeStop restart',
      'afterExit restart stop-requested',
      'beforeStart restart',
      'afterStart restart',
      'afterExit exit signal',
      'afterStart restart',
      'beforeStop shutdown',
      'afterExit shutdown stop-requested',
    ]);
  });

  it('a hook that throws or times out elsewhere is an error event; supervision goes on', async () => {
    await using sup = testSupervisor();
    const errors: string[] = [];
    sup.on('error', (e) =>
      errors.push(`${e.name}: ${(e.error as HookError).code} ${e.error.message}`),
    );
    const web = sup.add({
      name: 'web',
      command: nodeFixture('sleep-forever.js'),
      startSecs: 0,
      hookTimeoutSecs: 0.2,
      hooks: {
        afterStart: () => {
          throw new Error('LB down');
        },
        beforeStop: () => new Promise(() => {}),
      },
    });
    await web.start();
    await web.stop();
    assert.equal(web.state, 'STOPPED');
    await until(() => errors.length >= 2);
    assert.match(
      errors[0] ?? '',
      /^web: HOOK_FAILED The afterStart hook of program "web" threw: LB down\.$/,
    );
    assert.match(errors[1] ?? '', /beforeStop hook of program "web" did not finish within 0.2 s/);
  });
});
