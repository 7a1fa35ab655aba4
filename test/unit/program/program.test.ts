// The control layer (Program, Runner, Effects) with a fake driver and a ManualClock: no
// child process, no sleeping. Time moves only through clock.advance().
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ProgramOptions } from '../../../src/options/program-options.js';
import { FakeDriver, fakeSupervisor, settle } from '../../helpers/fake-driver.js';

function setup(options: Partial<ProgramOptions> = {}) {
  const driver = new FakeDriver();
  const { clock, sup, changes } = fakeSupervisor(driver);
  const program = sup.add({ name: 'p', command: 'x', startSecs: 1, stopWaitSecs: 2, ...options });
  return { clock, driver, sup, program, changes };
}

describe('Program with a fake driver and a ManualClock', () => {
  it('start() resolves at RUNNING, once startSecs has passed on the clock', async () => {
    const { clock, program, changes } = setup();
    let settled = false;
    const started = program.start().then(() => {
      settled = true;
    });
    await settle();
    assert.equal(program.state, 'STARTING');
    clock.advance(999);
    await settle();
    assert.equal(settled, false, 'not RUNNING before startSecs');
    clock.advance(1);
    await started;
    assert.equal(program.state, 'RUNNING');
    assert.deepEqual(changes, ['STOPPED>STARTING', 'STARTING>RUNNING']);
    assert.equal(program.info().pid, program.pid);
  });

  it('start() rejects with ABNORMAL_TERMINATION at FATAL when every attempt dies early', async () => {
    const { clock, driver, program, changes } = setup({ startRetries: 1 });
    driver.always('p', { exitAtOnce: 1 });
    const started = program.start();
    await settle();
    clock.advance(1000); // backoff 1 s before the second attempt
    await assert.rejects(started, {
      code: 'ABNORMAL_TERMINATION',
      program: 'p',
      state: 'FATAL',
    });
    assert.deepEqual(changes, [
      'STOPPED>STARTING',
      'STARTING>BACKOFF',
      'BACKOFF>STARTING',
      'STARTING>BACKOFF',
      'BACKOFF>FATAL',
    ]);
    assert.deepEqual(driver.spawned(), ['p', 'p']);
  });

  it('a spawn failure (thrown or reported) goes BACKOFF, then FATAL with SPAWN_ERROR', async () => {
    const { clock, driver, program } = setup({ startRetries: 1 });
    driver.next('p', { spawnThrows: 'EMFILE' }, { spawnError: "can't find command 'x'" });
    const started = program.start();
    await settle();
    assert.equal(program.state, 'BACKOFF');
    clock.advance(1000);
    await assert.rejects(started, {
      code: 'SPAWN_ERROR',
      program: 'p',
      spawnError: "can't find command 'x'",
    });
    assert.equal(program.state, 'FATAL');
  });

  it('stop() sends the stop signal, SIGKILLs after stopWaitSecs, and a second stop() joins it', async () => {
    const { clock, driver, program, changes } = setup();
    driver.always('p', { ignore: ['SIGTERM'] });
    const started = program.start();
    await settle();
    clock.advance(1000);
    await started;
    const first = program.stop();
    await settle();
    assert.equal(program.state, 'STOPPING');
    const second = program.stop();
    await settle();
    clock.advance(1999);
    await settle();
    assert.equal(program.state, 'STOPPING', 'still waiting for stopWaitSecs');
    clock.advance(1);
    const [a, b] = await Promise.all([first, second]);
    assert.equal(a, b, 'both callers get the same exit');
    assert.equal(a?.forced, true);
    assert.equal(a?.signal, 'SIGKILL');
    assert.equal(a?.cause, 'stop-requested');
    const signals = driver.log.filter((e) => e.type === 'signal').map((e) => e.signal);
    assert.deepEqual(signals, ['SIGTERM', 'SIGCONT', 'SIGKILL']);
    assert.deepEqual(changes.slice(-2), ['RUNNING>STOPPING', 'STOPPING>STOPPED']);
  });

  it('start() during STOPPING waits for the stop, then starts a new run', async () => {
    const { clock, driver, program, changes } = setup({ startSecs: 0 });
    driver.always('p', { ignore: ['SIGTERM'] });
    await program.start();
    const stopping = program.stop();
    await settle();
    const restarted = program.start();
    await settle();
    assert.equal(program.state, 'STOPPING', 'the start waits');
    clock.advance(2000);
    await stopping;
    await restarted;
    assert.equal(program.state, 'RUNNING');
    assert.deepEqual(changes, [
      'STOPPED>STARTING',
      'STARTING>RUNNING',
      'RUNNING>STOPPING',
      'STOPPING>STOPPED',
      'STOPPED>STARTING',
      'STARTING>RUNNING',
    ]);
    assert.equal(driver.runs.length, 2);
  });

  it('an exit reported while a stop is being processed is queued, not lost', async () => {
    const { driver, program, changes } = setup({ startSecs: 0 });
    driver.always('p', { syncExit: true });
    await program.start();
    const exit = await program.stop();
    assert.equal(exit?.signal, 'SIGTERM');
    assert.equal(exit?.forced, false);
    assert.deepEqual(changes.slice(-2), ['RUNNING>STOPPING', 'STOPPING>STOPPED']);
  });

  it('a stop() from inside a state listener runs after the transition', async () => {
    const { driver, program, changes } = setup({ startSecs: 0 });
    driver.always('p', { syncExit: true });
    const stopped = new Promise((resolve) => {
      program.once('state', () => {}); // a listener before ours changes nothing
      program.on('state', (c) => {
        if (c.to === 'RUNNING') void program.stop().then(resolve);
      });
    });
    await program.start().catch(() => {});
    await stopped;
    assert.deepEqual(changes, [
      'STOPPED>STARTING',
      'STARTING>RUNNING',
      'RUNNING>STOPPING',
      'STOPPING>STOPPED',
    ]);
  });

  it('start() refuses when started, stop() when stopped, with program and state', async () => {
    const { clock, program } = setup();
    await assert.rejects(program.stop(), { code: 'NOT_RUNNING', program: 'p', state: 'STOPPED' });
    const started = program.start();
    await settle();
    await assert.rejects(program.start(), {
      code: 'ALREADY_STARTED',
      program: 'p',
      state: 'STARTING',
    });
    clock.advance(1000);
    await started;
  });

  it('stop() in BACKOFF resolves undefined (no process) and cancels the retry', async () => {
    const { clock, driver, program } = setup();
    driver.next('p', { exitAtOnce: 1 });
    const started = program.start();
    await settle();
    assert.equal(program.state, 'BACKOFF');
    assert.equal(await program.stop(), undefined);
    await assert.rejects(started, { code: 'ABNORMAL_TERMINATION' });
    assert.equal(program.state, 'STOPPED');
    assert.equal(clock.pending, 0, 'no retry timer left');
  });

  it('write() reaches the process stdin; signal() goes to the pid only', async () => {
    const { driver, program } = setup({ startSecs: 0 });
    await program.start();
    await program.write('hello\n');
    const run = driver.last('p');
    assert.deepEqual(run?.written, ['hello\n']);
    program.signal('HUP');
    assert.deepEqual(driver.log.at(-1), {
      type: 'signal',
      name: 'p',
      signal: 'SIGHUP',
      group: false,
    });
    await program.stop();
    await assert.rejects(program.write('late'), { code: 'NOT_RUNNING' });
    assert.throws(() => program.signal('HUP'), { code: 'NOT_RUNNING' });
  });

  it('autorestart: an unexpected exit from RUNNING restarts at once', async () => {
    const { driver, program, changes } = setup({ startSecs: 0, autorestart: 'unexpected' });
    await program.start();
    driver.last('p')?.exit(3);
    await settle();
    assert.equal(program.state, 'RUNNING');
    assert.deepEqual(changes.slice(2), ['RUNNING>EXITED', 'EXITED>STARTING', 'STARTING>RUNNING']);
    assert.equal(program.lastExit?.code, 3);
    assert.equal(program.lastExit?.expected, false);
  });

  it('restart() stops, then starts a new run', async () => {
    const { driver, program } = setup({ startSecs: 0 });
    await program.start();
    const firstPid = program.pid;
    await program.restart();
    assert.notEqual(program.pid, firstPid);
    assert.equal(driver.runs.length, 2);
    assert.equal(driver.runs[0]?.exited, true);
  });
});
