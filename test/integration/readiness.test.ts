import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { freePort } from '../helpers/health-helpers.js';
import { nodeFixture, testSupervisor } from '../helpers/processes.js';

describe('readiness (opt-in)', () => {
  it('a log line makes it RUNNING, not startSecs', async () => {
    await using sup = testSupervisor();
    const port = await freePort();
    const p = sup.add({
      name: 'web',
      command: nodeFixture('listen-after.js', port, 300),
      startSecs: 0,
      readiness: { line: /listening on (\d+)/, timeoutSecs: 10 },
    });
    const started = p.start();
    await p.waitFor('STARTING');
    assert.equal(p.state, 'STARTING', 'startSecs 0 no longer decides');
    await started;
    assert.equal(p.state, 'RUNNING');
    assert.ok(p.tail().some((l) => l.line === `listening on ${port}`));
  });

  it('a TCP port accepting connections makes it RUNNING', async () => {
    await using sup = testSupervisor();
    const port = await freePort();
    const p = sup.add({
      name: 'tcp',
      command: nodeFixture('listen-after.js', port, 200),
      readiness: { port, intervalSecs: 0.05 },
    });
    await p.start();
    assert.equal(p.state, 'RUNNING');
  });

  it('a custom check decides', async () => {
    await using sup = testSupervisor();
    let calls = 0;
    const p = sup.add({
      name: 'custom',
      command: nodeFixture('sleep-forever.js'),
      readiness: { check: () => ++calls >= 3, intervalSecs: 0.02 },
    });
    await p.start();
    assert.equal(calls, 3);
  });

  it('not ready in time is a failed start: stopped, retried, then FATAL', async () => {
    await using sup = testSupervisor();
    const p = sup.add({
      name: 'mute',
      command: nodeFixture('sleep-forever.js'),
      readiness: { line: 'never printed', timeoutSecs: 0.3 },
      startRetries: 1,
      backoff: { type: 'linear', stepSecs: 0.05 },
    });
    await assert.rejects(p.start(), {
      code: 'ABNORMAL_TERMINATION',
      message: /too many start retries too quickly \(not ready within the readiness timeout\)/,
    });
    assert.equal(p.lastExit?.cause, 'start-timeout');
    assert.equal(sup.pids.size, 2);
    assert.deepEqual(sup.pathOf('mute'), [
      'STOPPED>STARTING',
      'STARTING>BACKOFF',
      'BACKOFF>STARTING',
      'STARTING>BACKOFF',
      'BACKOFF>FATAL',
    ]);
  });

  it('bad readiness options are named', async () => {
    await using sup = testSupervisor();
    assert.throws(() => sup.add({ name: 'x', command: 'node -v', readiness: { port: 70000 } }), {
      code: 'INVALID_OPTION',
      message:
        /Invalid option "readiness.port" of program "x": got 70000\. Use a TCP port from 1 to 65535\./,
    });
    assert.throws(() => sup.add({ name: 'y', command: 'node -v', readiness: {} as never }), {
      message:
        /Invalid option "readiness" of program "y": got \{\}\. Use \{ line: \/listening\/ \}, \{ port: 3000 \}/,
    });
  });
});
