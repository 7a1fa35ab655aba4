import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAlive, nodeFixture, testSupervisor } from '../helpers/processes.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('seconds options past 24.8 days (2^31-1 ms) really wait', () => {
  it('startSecs: 3e6 stays STARTING instead of RUNNING at once', async () => {
    await using sup = testSupervisor();
    const p = sup.add({
      name: 'slow-start',
      command: nodeFixture('sleep-forever.js'),
      startSecs: 3e6,
    });
    void p.start().catch(() => {});
    await p.waitFor('STARTING');
    await pause(200);
    assert.equal(p.state, 'STARTING');
    await p.stop();
  });

  it('stopWaitSecs: 3e6 does not SIGKILL a child that ignores SIGTERM', async () => {
    await using sup = testSupervisor();
    const p = sup.add({
      name: 'stubborn',
      command: nodeFixture('ignore-sigterm.js'),
      startSecs: 0,
      stopWaitSecs: 3e6,
    });
    await p.start();
    await p.waitForLine('ready');
    const pid = p.pid;
    const stopped = p.stop();
    await pause(300);
    assert.equal(p.state, 'STOPPING');
    assert.ok(isAlive(pid), 'not SIGKILLed after 300 ms');
    process.kill(-pid, 'SIGKILL');
    const exit = await stopped;
    assert.equal(exit?.signal, 'SIGKILL');
    assert.equal(exit?.forced, false, 'the SIGKILL came from the test, not the kill timer');
  });
});
