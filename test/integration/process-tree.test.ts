import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { killTree } from '../../src/process/reap.js';
import { startHost } from '../helpers/host-run.js';
import {
  isAlive,
  nodeFixture,
  readPidFile,
  tempDir,
  testSupervisor,
  waitGone,
} from '../helpers/processes.js';

describe('no orphans: descendants die with their program', () => {
  it('a grandchild dies with its parent on stop', async () => {
    await using dir = await tempDir();
    await using sup = testSupervisor();
    const { p, pids } = await startTracked(sup, 'parent', dir.path, 'spawn-grandchild.js');
    const [grandchild = 0] = pids;
    assert.ok(isAlive(grandchild));
    await p.stop();
    assert.ok(await waitGone(grandchild, 2000), 'grandchild survived the stop');
  });

  it('a grandchild dies when its parent crashes', async () => {
    await using dir = await tempDir();
    await using sup = testSupervisor();
    const pidFile = join(dir.path, 'gc.pid');
    const p = sup.add({
      name: 'crasher',
      command: nodeFixture('spawn-grandchild.js', pidFile, 400),
      startSecs: 0.1,
      autorestart: false,
    });
    await p.start();
    const grandchild = await readPidFile(pidFile);
    sup.track(grandchild);
    await p.waitFor('EXITED', { timeoutMs: 5000 });
    assert.equal(p.lastExit?.code, 3);
    assert.ok(await waitGone(grandchild, 2000), 'grandchild outlived its crashed parent');
  });

  it('a grandchild that left the process group (own session) still dies on stop', async () => {
    await using dir = await tempDir();
    await using sup = testSupervisor();
    const { p, pids } = await startTracked(
      sup,
      'escaper',
      dir.path,
      'spawn-grandchild.js',
      0,
      'escape',
    );
    const [grandchild = 0] = pids;
    await p.stop();
    assert.ok(await waitGone(grandchild, 2000), 'escaped grandchild survived the stop');
  });

  it('a setsid grandchild of a child that ignores SIGTERM dies on stop (found at the sweep)', async () => {
    await using dir = await tempDir();
    await using sup = testSupervisor();
    const { p, pids } = await startTracked(sup, 'stubborn', dir.path, 'spawn-stubborn-child.js');
    const [child = 0, grandchild = 0] = pids;
    await p.stop();
    assert.ok(await waitGone(child, 2000), 'the child that ignored SIGTERM survived the stop');
    assert.ok(await waitGone(grandchild, 2000), 'its setsid grandchild survived the stop');
  });

  for (const [how, env] of [
    ['without the addon', { OVERSEER_NO_NATIVE: '1' }],
    ['with subreaper: false', { SUBREAPER: '0' }],
  ] as const) {
    it(`${how}, an escaped grandchild still dies on stop (its tree is read before the signal)`, async () => {
      await using dir = await tempDir();
      const host = await startHost('host-stops-escaper.ts', [dir.path], { ...process.env, ...env });
      const [, grandchild = '0', alive, subreaper] = host.line.split(' ');
      await waitExit(host.child);
      if (alive === 'true') process.kill(Number(grandchild), 'SIGKILL');
      assert.equal(subreaper, 'false', 'the host must not be a subreaper here');
      assert.equal(alive, 'false', 'the escaped grandchild outlived the stop');
    });
  }

  it('stopAsGroup: false keeps supervisord behaviour: the grandchild is orphaned', async () => {
    await using dir = await tempDir();
    await using sup = testSupervisor();
    const pidFile = join(dir.path, 'gc.pid');
    const p = sup.add({
      name: 'classic',
      command: nodeFixture('spawn-grandchild.js', pidFile),
      startSecs: 0.2,
      stopAsGroup: false,
    });
    await p.start();
    const grandchild = await readPidFile(pidFile);
    await p.stop();
    assert.ok(isAlive(grandchild), 'with stopAsGroup false the grandchild is not ours to kill');
    process.kill(grandchild, 'SIGKILL');
    assert.ok(await waitGone(grandchild));
  });
});

describe('killTree (the SIGKILL after stopWaitSecs)', () => {
  it('kills the process, its group and a descendant that left the group', async () => {
    await using dir = await tempDir();
    const pidFile = join(dir.path, 'grandchild.pid');
    const [command = '', ...args] = nodeFixture('spawn-grandchild.js', pidFile, 0, 'escape');
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const grandchild = await readPidFile(pidFile);
    assert.ok(isAlive(grandchild));
    await killTree(child.pid ?? 0, true);
    await exited;
    assert.ok(await waitGone(grandchild, 2000), 'the escaped grandchild survived');
  });
});

/**
 * Starts `fixture` (its first argument: a pid file in `dir`, then `args`) as the program
 * `name`; the pids the fixture wrote there, each tracked for the leak check.
 */
async function startTracked(
  sup: ReturnType<typeof testSupervisor>,
  name: string,
  dir: string,
  fixture: string,
  ...args: (string | number)[]
) {
  const pidFile = join(dir, `${name}.pids`);
  const p = sup.add({ name, command: nodeFixture(fixture, pidFile, ...args), startSecs: 0.2 });
  await p.start();
  const pids = await readPids(pidFile);
  for (const pid of pids) sup.track(pid);
  return { p, pids };
}

/** The pids a fixture wrote to `path` on one line. */
async function readPids(path: string): Promise<number[]> {
  for (const deadline = Date.now() + 5000; Date.now() < deadline; ) {
    try {
      return readFileSync(path, 'utf8').split(' ').map(Number);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
  throw new Error(`no pids in ${path}`);
}

function waitExit(child: ChildProcess): Promise<void> {
  return child.exitCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once('exit', () => resolve()));
}
