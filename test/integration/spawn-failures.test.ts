import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { ExitEvent } from '../../src/index.js';
import type { ProcessDriver } from '../../src/process/driver.js';
import { SpawnFailure } from '../../src/process/resolve.js';
import { eventually } from '../helpers/deadline.js';
import { nodeFixture, testSupervisor } from '../helpers/processes.js';

const isRoot = process.getuid?.() === 0;

describe('spawn failures never throw into the host', () => {
  for (const reason of [
    'too many open files to spawn a child (EMFILE)',
    'too many processes to fork (EAGAIN)',
  ]) {
    it(`the OS refusing a spawn (${reason.slice(-7)}) goes BACKOFF then FATAL`, async () => {
      const driver: ProcessDriver = {
        spawn() {
          throw new SpawnFailure(reason);
        },
      };
      await using sup = testSupervisor({ driver });
      const p = sup.add({
        name: 'starved',
        command: 'node -v',
        startRetries: 1,
        backoff: { type: 'linear', stepSecs: 0.01 },
      });
      await assert.rejects(p.start(), {
        code: 'SPAWN_ERROR',
        message: `Program "starved" could not be spawned: ${reason}`,
      });
      assert.deepEqual(sup.pathOf('starved'), [
        'STOPPED>STARTING',
        'STARTING>BACKOFF',
        'BACKOFF>STARTING',
        'STARTING>BACKOFF',
        'BACKOFF>FATAL',
      ]);
      assert.equal(p.info().spawnError, reason);
    });
  }

  it('an unknown user is a spawn error', { skip: !isRoot && 'needs root' }, async () => {
    await using sup = testSupervisor();
    const p = sup.add({
      name: 'who',
      command: 'node -v',
      user: 'no-such-user-overseer',
      startRetries: 0,
    });
    await assert.rejects(p.start(), {
      code: 'SPAWN_ERROR',
      message: /couldn't setuid to no-such-user-overseer: no such user/,
    });
  });

  it('user runs the child as that user', { skip: !isRoot && 'needs root' }, async () => {
    await using sup = testSupervisor();
    const p = sup.add({
      name: 'nobody',
      command: nodeFixture('sleep-forever.js'),
      user: 'nobody',
      startSecs: 0,
      directory: '/tmp',
    });
    await p.start();
    // The forked child drops to the user just before exec: it can still be 0 for a moment.
    const uid = () => /Uid:\s+(\d+)/.exec(readFileSync(`/proc/${p.pid}/status`, 'utf8'))?.[1];
    await eventually(() => uid() !== '0', 'the child to drop root', 5000).catch(() => {});
    assert.equal(uid(), '65534');
  });
});

describe('events', () => {
  it('spawn and exit events carry the run: pid, argv, code, signal, uptime, cause', async () => {
    await using sup = testSupervisor();
    const exits: ExitEvent[] = [];
    const spawns: number[] = [];
    sup.on('exit', (e) => exits.push(e));
    sup.on('spawn', (s) => spawns.push(s.pid));
    const p = sup.add({
      name: 'ev',
      command: nodeFixture('exit-with.js', 4, 200),
      startSecs: 0.05,
      autorestart: false,
    });
    await p.start();
    await p.waitFor('EXITED', { timeoutMs: 5000 });
    assert.equal(exits.length, 1);
    const [exit] = exits;
    assert.equal(exit?.name, 'ev');
    assert.equal(exit?.pid, spawns[0]);
    assert.equal(exit?.code, 4);
    assert.equal(exit?.signal, null);
    assert.equal(exit?.expected, false);
    assert.equal(exit?.cause, 'exit');
    assert.equal(exit?.forced, false);
    assert.ok((exit?.uptimeMs ?? 0) >= 150);
  });
});
