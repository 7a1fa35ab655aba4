import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { StateChange } from '../../src/index.js';
import { eventually } from '../helpers/deadline.js';
import { isAlive, nodeFixture, tempDir, testSupervisor } from '../helpers/processes.js';

describe('lifecycle with real children', () => {
  it('a quick exit goes FATAL after 1, 2, 3 s of backoff (startRetries 3: 4 spawns)', async () => {
    await using sup = testSupervisor();
    const changes: StateChange[] = [];
    sup.on('state', (c) => changes.push(c));
    const p = sup.add({ name: 'quick', command: nodeFixture('exit-with.js', 1), startSecs: 1 });
    await assert.rejects(p.start(), {
      code: 'ABNORMAL_TERMINATION',
      message:
        /did not reach RUNNING \(now FATAL\): too many start retries too quickly \(exit status 1\)/,
    });
    assert.deepEqual(sup.pathOf('quick'), [
      'STOPPED>STARTING',
      'STARTING>BACKOFF',
      'BACKOFF>STARTING',
      'STARTING>BACKOFF',
      'BACKOFF>STARTING',
      'STARTING>BACKOFF',
      'BACKOFF>STARTING',
      'STARTING>BACKOFF',
      'BACKOFF>FATAL',
    ]);
    const backoffs = changes.filter((c) => c.to === 'BACKOFF');
    assert.deepEqual(
      backoffs.map((c) => c.tries),
      [1, 2, 3, 4],
    );
    assert.deepEqual(
      backoffs.slice(0, 3).map((c) => c.retryInMs),
      [1000, 2000, 3000],
    );
    // Each retry waited at least its delay (the clock is exact; no upper bound asserted).
    for (const [i, delay] of [1000, 2000, 3000].entries()) {
      const left = backoffs[i]?.time ?? 0;
      const next = changes.find(
        (c) => c.from === 'BACKOFF' && c.time >= left && c.to === 'STARTING',
      );
      assert.ok(
        next && next.time - left >= delay - 1,
        `retry ${i + 1} came after ${next && next.time - left} ms`,
      );
    }
    assert.equal(sup.pids.size, 4);
    assert.equal(p.info().description, 'Exited too quickly (process log may have details)');
  });

  it('kill -9 while RUNNING: EXITED (unexpected), then restarted with a new pid', async () => {
    await using sup = testSupervisor();
    const p = sup.add({ name: 'victim', command: nodeFixture('sleep-forever.js'), startSecs: 0.2 });
    await p.start();
    const first = p.pid;
    const exited = new Promise<StateChange>((resolve) => p.once('state', resolve));
    process.kill(first, 'SIGKILL');
    const change = await exited;
    assert.equal(change.to, 'EXITED');
    assert.equal(change.expected, false);
    assert.equal(change.exit?.signal, 'SIGKILL');
    assert.equal(change.exit?.exitStatus, -1);
    await p.waitFor('RUNNING', { timeoutMs: 5000 });
    assert.notEqual(p.pid, first);
    assert.ok(!isAlive(first));
  });

  it('an expected exit with autorestart "unexpected" stays EXITED', async () => {
    await using sup = testSupervisor();
    const p = sup.add({
      name: 'done',
      command: nodeFixture('exit-with.js', 0, 300),
      startSecs: 0.1,
    });
    await p.start();
    await p.waitFor('EXITED', { timeoutMs: 5000 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(p.state, 'EXITED');
    assert.deepEqual(sup.pathOf('done'), [
      'STOPPED>STARTING',
      'STARTING>RUNNING',
      'RUNNING>EXITED',
    ]);
    assert.equal(p.lastExit?.expected, true);
    assert.equal(p.lastExit?.cause, 'exit');
  });

  it('an unexpected exit code is restarted; exitCodes makes it expected', async () => {
    await using sup = testSupervisor();
    const a = sup.add({
      name: 'a',
      command: nodeFixture('exit-with.js', 2, 150),
      startSecs: 0.05,
      autostart: false,
    });
    const b = sup.add({
      name: 'b',
      command: nodeFixture('exit-with.js', 2, 150),
      startSecs: 0.05,
      exitCodes: [2],
      autostart: false,
    });
    await Promise.all([a.start(), b.start()]);
    const restarted = new Promise<void>((resolve) => {
      a.on('state', (c) => {
        if (c.from === 'EXITED' && c.to === 'STARTING') resolve();
      });
    });
    await b.waitFor('EXITED', { timeoutMs: 5000 });
    await restarted;
    assert.equal(a.lastExit?.expected, false);
    assert.equal(b.lastExit?.expected, true);
    assert.deepEqual(sup.pathOf('b'), ['STOPPED>STARTING', 'STARTING>RUNNING', 'RUNNING>EXITED']);
    await a.stop();
  });

  it('a child ignoring SIGTERM is SIGKILLed after stopWaitSecs', async () => {
    await using sup = testSupervisor();
    const p = sup.add({
      name: 'stubborn',
      command: nodeFixture('ignore-sigterm.js'),
      startSecs: 0.3,
      stopWaitSecs: 0.5,
    });
    await p.start();
    await p.waitForLine(/^ready/); // its SIGTERM handler is in (a loaded machine boots slowly)
    const pid = p.pid;
    const exit = await p.stop();
    assert.equal(exit?.forced, true);
    assert.equal(exit?.signal, 'SIGKILL');
    assert.equal(exit?.cause, 'stop-requested');
    assert.ok(exit && exit.uptimeMs >= 800, `stopped after ${exit?.uptimeMs} ms of uptime`);
    assert.equal(p.state, 'STOPPED');
    assert.ok(!isAlive(pid));
  });

  it('command not found goes FATAL with a readable spawnError and never throws into the host', async () => {
    await using sup = testSupervisor();
    const p = sup.add({
      name: 'ghost',
      command: 'no-such-command-overseer --flag',
      startRetries: 1,
      backoff: { type: 'linear', stepSecs: 0.05 },
    });
    await assert.rejects(p.start(), {
      code: 'SPAWN_ERROR',
      message: `Program "ghost" could not be spawned: can't find command 'no-such-command-overseer' on PATH`,
    });
    assert.equal(p.state, 'FATAL');
    assert.equal(p.info().spawnError, "can't find command 'no-such-command-overseer' on PATH");
    assert.equal(p.info().description, "can't find command 'no-such-command-overseer' on PATH");
    assert.equal(sup.pids.size, 0);
  });

  it('other spawn failures read well: bad directory, not executable', async () => {
    await using sup = testSupervisor();
    const dir = sup.add({
      name: 'dir',
      command: 'node -v',
      directory: '/no/such/dir',
      startRetries: 0,
    });
    await assert.rejects(dir.start(), {
      message: /couldn't chdir to \/no\/such\/dir: no such directory/,
    });
    await using dir2 = await tempDir();
    const script = join(dir2.path, 'script.sh');
    writeFileSync(script, 'echo hi\n', { mode: 0o644 });
    const exe = sup.add({ name: 'exe', command: script, startRetries: 0 });
    await assert.rejects(exe.start(), { message: /command at '.*script\.sh' is not executable/ });
  });

  it('stop during BACKOFF goes to STOPPED at once, without a signal', async () => {
    await using sup = testSupervisor();
    const p = sup.add({
      name: 'flaky',
      command: nodeFixture('exit-with.js', 1),
      startSecs: 1,
      backoff: { type: 'linear', stepSecs: 10 },
    });
    const started = p.start().catch((e: Error) => e);
    await p.waitFor('BACKOFF', { timeoutMs: 5000 });
    assert.equal(await p.stop(), undefined);
    assert.equal(p.state, 'STOPPED');
    assert.deepEqual(sup.pathOf('flaky').slice(-1), ['BACKOFF>STOPPED']);
    assert.match(String(await started), /stopped before it was running/);
  });

  it('start() twice is ALREADY_STARTED; stop() when stopped is NOT_RUNNING', async () => {
    await using sup = testSupervisor();
    const p = sup.add({ name: 'once', command: nodeFixture('sleep-forever.js'), startSecs: 0.1 });
    await p.start();
    await assert.rejects(p.start(), {
      code: 'ALREADY_STARTED',
      message: 'Program "once" is already started (state RUNNING).',
    });
    await p.stop();
    await assert.rejects(p.stop(), {
      code: 'NOT_RUNNING',
      message: 'Cannot stop program "once": it is not running (state STOPPED).',
    });
  });

  it('stop() while STOPPING joins the stop under way; start() from STOPPING waits then starts', async () => {
    await using sup = testSupervisor();
    const p = sup.add({
      name: 'j',
      command: nodeFixture('ignore-sigterm.js'),
      startSecs: 0.2,
      stopWaitSecs: 0.3,
    });
    await p.start();
    await p.waitForLine(/^ready/);
    const [a, b] = await Promise.all([p.stop(), p.stop()]);
    assert.equal(a, b);
    await p.start();
    const stopping = p.stop();
    await p.start();
    await stopping;
    assert.equal(p.state, 'RUNNING');
  });

  it('restart() gives a new process', async () => {
    await using sup = testSupervisor();
    const p = sup.add({ name: 'r', command: nodeFixture('sleep-forever.js'), startSecs: 0 });
    await p.start();
    const first = p.pid;
    await p.restart();
    assert.notEqual(p.pid, first);
    assert.equal(p.state, 'RUNNING');
    assert.ok(!isAlive(first));
  });

  it('startSecs 0 crash loop: RUNNING -> EXITED -> STARTING, never FATAL (as supervisord)', async () => {
    await using sup = testSupervisor();
    const p = sup.add({
      name: 'loop',
      command: nodeFixture('exit-with.js', 1),
      startSecs: 0,
      startRetries: 0,
    });
    await p.start();
    await eventually(
      () => sup.pathOf('loop').filter((t) => t === 'RUNNING>EXITED').length >= 3,
      'three RUNNING>EXITED restarts',
    );
    assert.ok(!sup.pathOf('loop').includes('BACKOFF>FATAL'));
    await p.stop().catch(() => {});
  });
});
