import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import type { ExitEvent, HealthEvent, StateChange } from '../../src/index.js';
import { freePort, nextEvent, recorder } from '../helpers/health-helpers.js';
import { fixture, isAlive, nodeFixture, testSupervisor, waitGone } from '../helpers/processes.js';

describe('liveness: probes while RUNNING restart a program that stopped answering', () => {
  it('an HTTP server that hangs after 3 requests is restarted within period x threshold + one period', async () => {
    await using sup = testSupervisor();
    const rec = recorder(sup);
    const port = await freePort();
    const periodSecs = 0.5;
    const failureThreshold = 2;
    const p = sup.add({
      name: 'api',
      command: nodeFixture('http-hangs-after.js', port, 3),
      readiness: { line: /listening on/ },
      liveness: {
        http: `http://127.0.0.1:${port}/health`,
        periodSecs,
        timeoutSecs: 0.25,
        failureThreshold,
      },
      stopWaitSecs: 2,
    });
    const exited = nextEvent<ExitEvent>((fn) => p.on('exit', fn));
    await p.start();
    const firstPid = p.pid;
    const exit = await exited;
    assert.equal(exit.cause, 'liveness');
    assert.equal(exit.pid, firstPid);
    await p.waitFor('RUNNING', { timeoutMs: 10_000 });
    assert.notEqual(p.pid, firstPid, 'a new process');
    assert.ok(await waitGone(firstPid));
    const api = rec.health.filter((h) => h.name === 'api' && h.pid === firstPid);
    assert.deepEqual(
      api.map((h) => `${h.status}:${h.failures}:${h.restarting}`),
      ['ok:0:false', 'failing:1:false', 'failing:2:true'],
    );
    assert.equal(api[1]?.message, 'timed out after 250 ms');
    assert.equal(api[1]?.probe, 'http');
    // From the last answer (the server logs "served 3") to the decision to restart (STOPPING).
    const lastAnswer = p.tail().find((l) => l.line === 'served 3')?.time ?? 0;
    const stopping = rec.states.find((c) => c.name === 'api' && c.to === 'STOPPING') as StateChange;
    const boundMs = (periodSecs * failureThreshold + periodSecs) * 1000;
    const tookMs = stopping.time - lastAnswer;
    assert.ok(lastAnswer > 0 && tookMs <= boundMs, `restart ${tookMs} ms after the last answer`);
    assert.ok(p.info().probeFailures >= 2);
  });

  it('liveness restarts count in restartBudget: FATAL once it is spent', async () => {
    await using sup = testSupervisor();
    const port = await freePort();
    const p = sup.add({
      name: 'stuck',
      command: nodeFixture('http-hangs-after.js', port, 0),
      readiness: { line: /listening on/ },
      liveness: {
        http: `http://127.0.0.1:${port}/`,
        periodSecs: 0.1,
        timeoutSecs: 0.1,
        failureThreshold: 1,
      },
      restartBudget: { maxRestarts: 2, withinSecs: 60 },
    });
    await p.start();
    await p.waitFor('FATAL', { timeoutMs: 15_000 });
    const run = ['STOPPED>STARTING', 'STARTING>RUNNING', 'RUNNING>STOPPING', 'STOPPING>STOPPED'];
    assert.deepEqual(sup.pathOf('stuck'), [...run, ...run, ...run, 'STOPPED>FATAL']);
    assert.equal(p.lastExit?.cause, 'liveness');
    assert.equal(sup.pids.size, 3);
  });

  it('info().healthy: true while probes pass, false while one fails', async () => {
    await using sup = testSupervisor();
    const port = await freePort();
    const p = sup.add({
      name: 'web',
      command: nodeFixture('http-hangs-after.js', port, 1),
      readiness: { line: /listening on/ },
      liveness: {
        http: `http://127.0.0.1:${port}/`,
        periodSecs: 0.2,
        timeoutSecs: 0.15,
        failureThreshold: 5,
      },
    });
    assert.equal(p.info().healthy, false, 'not started');
    const ok = nextEvent<HealthEvent>(
      (fn) => p.on('health', fn),
      (h) => h.status === 'ok',
    );
    await p.start();
    await ok;
    assert.equal(p.info().healthy, true);
    await nextEvent<HealthEvent>(
      (fn) => p.on('health', fn),
      (h) => h.status === 'failing',
    );
    assert.equal(p.info().healthy, false);
    assert.equal(p.state, 'RUNNING', 'below the threshold: still running');
  });
});

describe('liveness: silenceSecs (a watchdog fed by output and IPC heartbeats)', () => {
  it('a worker that goes silent is restarted; while it talks nothing fails', async () => {
    await using sup = testSupervisor();
    const rec = recorder(sup);
    const p = sup.add({
      name: 'worker',
      command: nodeFixture('go-silent.js', 600, 50),
      readiness: { line: 'tick 1' },
      liveness: { silenceSecs: 0.4, periodSecs: 0.2, failureThreshold: 1 },
      stopWaitSecs: 2,
    });
    const exited = nextEvent<ExitEvent>((fn) => p.on('exit', fn));
    await p.start();
    const firstPid = p.pid;
    const exit = await exited;
    assert.equal(exit.cause, 'liveness');
    assert.ok(
      exit.uptimeMs >= 900,
      `it talked for 600 ms, then 400 ms of silence (${exit.uptimeMs} ms)`,
    );
    const failing = rec.health.filter((h) => h.status === 'failing');
    assert.equal(failing.length, 1);
    assert.equal(failing[0]?.probe, 'silence');
    assert.match(
      failing[0]?.message ?? '',
      /^no output or heartbeat for 0\.\d+ s \(silenceSecs 0\.4 s\)$/,
    );
    await p.waitFor('RUNNING');
    assert.notEqual(p.pid, firstPid);
  });

  it('IPC heartbeats count as signs of life (liveness.heartbeat opens the channel)', async () => {
    await using sup = testSupervisor();
    const p = sup.add({
      name: 'beats',
      command: nodeFixture('heartbeat.js', 800, 50),
      readiness: { message: 'heartbeat' },
      liveness: { silenceSecs: 0.3, heartbeat: true, periodSecs: 0.2, failureThreshold: 1 },
    });
    const exited = nextEvent<ExitEvent>((fn) => p.on('exit', fn));
    await p.start();
    const exit = await exited;
    assert.equal(exit.cause, 'liveness');
    assert.ok(
      exit.uptimeMs >= 1000,
      `no output at all, but beats for 800 ms (${exit.uptimeMs} ms)`,
    );
  });

  it('a stop during the liveness stop cancels the restart; nothing is left running', async () => {
    await using sup = testSupervisor();
    const p = sup.add({
      name: 'mute',
      command: nodeFixture('ignore-sigterm.js'),
      startSecs: 0,
      stopWaitSecs: 0.3,
      liveness: { silenceSecs: 0.1, periodSecs: 0.1, failureThreshold: 1 },
    });
    await p.start();
    const pid = p.pid;
    await p.waitFor('STOPPING');
    await p.stop();
    assert.equal(p.state, 'STOPPED');
    assert.ok(!isAlive(pid));
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(p.state, 'STOPPED', 'not restarted');
    assert.equal(sup.pids.size, 1);
  });
});

describe('liveness: nothing keeps the host alive after a stop', () => {
  it('a host with http, exec, port and silence probes ends on its own once stopped', () => {
    const host = spawnSync(
      process.execPath,
      ['--import', 'tsx', fixture('host-with-probes.ts'), fixture('heartbeat.js')],
      { encoding: 'utf8', timeout: 20_000 },
    );
    assert.equal(host.signal, null, 'ended by itself, not killed at the timeout');
    assert.equal(host.status, 0, host.stderr);
    assert.equal(host.stdout, 'stopped\n');
  });
});
