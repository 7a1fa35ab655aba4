import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StdinClosedError } from '../../src/index.js';
import { nodeFixture, testSupervisor } from '../helpers/processes.js';

describe('write() to a child that closed its stdin (issue 11, point 12)', () => {
  it('rejects with STDIN_CLOSED, not NOT_RUNNING, while the program stays RUNNING', async () => {
    await using sup = testSupervisor();
    const p = sup.add({ name: 'deaf', command: nodeFixture('close-stdin.js'), startSecs: 0 });
    await p.start();
    await p.waitForLine('closed');
    let error: unknown;
    // The first write may still reach the pipe's buffer before EPIPE is seen: try a few.
    for (let i = 0; i < 20 && !error; i++) {
      await p.write('hello\n').catch((e) => {
        error = e;
      });
    }
    assert.ok(error instanceof StdinClosedError, `got ${String(error)}`);
    assert.equal(error.code, 'STDIN_CLOSED');
    assert.match(
      error.message,
      /Cannot write to program "deaf": it is running but has closed its stdin\./,
    );
    assert.equal(p.state, 'RUNNING');
    await assert.rejects(p.write('again\n'), { code: 'STDIN_CLOSED' });
  });

  it('with no process it is still NOT_RUNNING', async () => {
    await using sup = testSupervisor();
    const p = sup.add({ name: 'idle', command: nodeFixture('sleep-forever.js'), autostart: false });
    await assert.rejects(p.write('x'), { code: 'NOT_RUNNING' });
  });
});
