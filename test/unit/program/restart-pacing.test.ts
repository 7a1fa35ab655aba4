// Automatic restarts wait for the driver's pacing (one spawn per event-loop turn on the
// system driver); everything else happens at once. Fake driver, ManualClock, no processes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ProgramOptions } from '../../../src/options/program-options.js';
import { FakeDriver, fakeSupervisor, settle } from '../../helpers/fake-driver.js';

/** A fake driver whose pacing holds the jobs until the test runs them. */
class PacedDriver extends FakeDriver {
  readonly jobs: (() => void)[] = [];
  paceSpawn(job: () => void): void {
    this.jobs.push(job);
  }
  runJobs(): void {
    for (let job = this.jobs.shift(); job; job = this.jobs.shift()) job();
  }
}

function setup(options: Partial<ProgramOptions> = {}) {
  const driver = new PacedDriver();
  const { clock, sup, changes } = fakeSupervisor(driver);
  const program = sup.add({ name: 'p', command: 'x', startSecs: 0, ...options });
  return { clock, driver, sup, program, changes };
}

describe('restart pacing (driver.paceSpawn)', () => {
  it('start() is not paced; an exit that restarts waits for the pacing, then EXITED > STARTING', async () => {
    const { driver, program, changes } = setup({ autorestart: true });
    await program.start();
    assert.equal(driver.jobs.length, 0, 'a start asked for is not paced');
    const first = program.pid;
    driver.last('p')?.exit(1);
    await settle();
    assert.equal(driver.jobs.length, 1);
    assert.equal(program.state, 'RUNNING', 'the exit is reported when the pacing runs it');
    driver.runJobs();
    assert.equal(program.state, 'RUNNING');
    assert.notEqual(program.pid, first);
    assert.deepEqual(changes, [
      'STOPPED>STARTING',
      'STARTING>RUNNING',
      'RUNNING>EXITED',
      'EXITED>STARTING',
      'STARTING>RUNNING',
    ]);
  });

  it('an exit that restarts nothing is reported at once', async () => {
    const { driver, program, changes } = setup({ autorestart: false });
    await program.start();
    driver.last('p')?.exit(1);
    await settle();
    assert.equal(driver.jobs.length, 0);
    assert.equal(program.state, 'EXITED');
    assert.deepEqual(changes.slice(-1), ['RUNNING>EXITED']);
  });

  it('a stop while the restart waits: the exit ends the stop, nothing is spawned again', async () => {
    const { driver, program, changes } = setup({ autorestart: true });
    await program.start();
    driver.last('p')?.exit(1);
    await settle();
    const stopped = program.stop();
    await settle();
    assert.equal(program.state, 'STOPPING');
    driver.runJobs();
    await stopped;
    assert.equal(program.state, 'STOPPED');
    assert.equal(driver.spawned().length, 1);
    assert.deepEqual(changes.slice(-2), ['RUNNING>STOPPING', 'STOPPING>STOPPED']);
  });

  it('a retry due in BACKOFF is paced too; the early exit that led there is not', async () => {
    const { clock, driver, program, changes } = setup({ startSecs: 1, startRetries: 2 });
    driver.next('p', { exitAtOnce: 1 });
    void program.start().catch(() => {});
    await settle();
    assert.equal(program.state, 'BACKOFF', 'exited too quickly: no spawn, no pacing');
    assert.equal(driver.jobs.length, 0);
    clock.advance(1000);
    assert.equal(program.state, 'BACKOFF');
    assert.equal(driver.jobs.length, 1);
    driver.runJobs();
    assert.equal(program.state, 'STARTING');
    assert.deepEqual(changes, ['STOPPED>STARTING', 'STARTING>BACKOFF', 'BACKOFF>STARTING']);
    assert.equal(driver.spawned().length, 2);
  });
});
