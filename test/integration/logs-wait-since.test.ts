import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TimeoutError } from '../../src/index.js';
import { nodeFixture, testSupervisor } from '../helpers/processes.js';

const PID_LINE = /^pid (\d+)$/;

describe("waitForLine's since", () => {
  it("default 'run': a line printed during STARTING is found after await start()", async () => {
    await using sup = testSupervisor();
    const web = sup.add({ name: 'web', command: nodeFixture('print-pid.js'), startSecs: 0.3 });
    await sup.start();
    assert.equal(web.state, 'RUNNING');
    const { match } = await web.waitForLine(PID_LINE, { timeoutMs: 2000 });
    assert.equal(Number(match[1]), web.pid);
  });

  it("'run' after restart() and between runs: never the previous run's line", async () => {
    await using sup = testSupervisor();
    const web = sup.add({ name: 'web', command: nodeFixture('print-pid.js'), startSecs: 0 });
    await web.start();
    await web.waitForLine(PID_LINE, { timeoutMs: 5000 });
    const first = web.pid;
    await web.restart();
    const afterRestart = await web.waitForLine(PID_LINE, { timeoutMs: 5000 });
    assert.equal(Number(afterRestart.match[1]), web.pid);
    assert.notEqual(web.pid, first);

    await web.stop();
    const next = web.waitForLine(PID_LINE, { timeoutMs: 5000 });
    await assert.rejects(web.waitForLine(PID_LINE, { timeoutMs: 50 }), TimeoutError);
    await web.start();
    assert.equal(Number((await next).match[1]), web.pid, 'the line of the run started after');
  });

  it("'tail' also finds earlier runs' lines; 'now' only lines still to come", async () => {
    await using sup = testSupervisor();
    const web = sup.add({ name: 'web', command: nodeFixture('print-pid.js'), startSecs: 0 });
    await web.start();
    await web.waitForLine(PID_LINE, { timeoutMs: 5000 });
    const pid = web.pid;
    await assert.rejects(web.waitForLine(PID_LINE, { since: 'now', timeoutMs: 50 }), TimeoutError);
    await web.stop();
    const old = await web.waitForLine(PID_LINE, { since: 'tail', timeoutMs: 50 });
    assert.equal(Number(old.match[1]), pid);
  });
});
