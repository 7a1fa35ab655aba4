import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StateChange } from '../../src/index.js';
import { nodeFixture, testSupervisor } from '../helpers/processes.js';

describe('memory-limit restarts obey restartBudget (issue 11, points 4 and 5)', () => {
  it('a program always over its limit ends FATAL with the reason, kept in info()', async () => {
    await using sup = testSupervisor({ sampleIntervalMs: 100 });
    const changes: StateChange[] = [];
    sup.on('state', (c) => changes.push(c));
    const p = sup.add({
      name: 'hog',
      command: nodeFixture('allocate-memory.js', 80),
      startSecs: 0,
      memoryLimit: '40MB',
      stopWaitSecs: 2,
      restartBudget: { maxRestarts: 2, withinSecs: 60 },
    });
    await sup.start();
    await p.waitFor('FATAL', { timeoutMs: 30_000 });
    assert.equal(sup.pids.size, 3, 'the first run and 2 restarts, no more');
    const info = p.info();
    assert.match(
      info.reason,
      /^restart budget exhausted: 2 restarts within 60 s \(last cause: memory limit\)$/,
    );
    assert.equal(info.description, info.reason);
    const fatal = changes.find((c) => c.to === 'FATAL');
    assert.equal(fatal?.reason, info.reason);
    // The second restart waited in BACKOFF (spaced out), the first did not.
    assert.deepEqual(
      changes.filter((c) => c.to === 'BACKOFF').map((c) => c.retryInMs),
      [1000],
    );
  });
});
