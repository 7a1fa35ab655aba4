import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { HostDeathWatchdog, WRITE_DELAY_MS } from '../../../src/process/watchdog.js';
import { startHost } from '../../helpers/host-run.js';
import { isAlive, waitGone } from '../../helpers/processes.js';

/** The pids of this process's watchdog shells (its children running overseer-watchdog). */
function watchdogShells(): number[] {
  const kids = readdirSync('/proc/self/task').flatMap((tid) =>
    readFileSync(`/proc/self/task/${tid}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
  );
  return kids.filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('overseer-watchdog');
    } catch {
      return false;
    }
  });
}

async function group(): Promise<ChildProcess> {
  const child = spawn('/bin/sleep', ['30'], { detached: true, stdio: 'ignore' });
  await once(child, 'spawn');
  return child;
}

/** Runs `body` with `count` live process groups and a watchdog; the groups end afterwards. */
async function withGroups(
  count: number,
  body: (pgids: number[], watchdog: HostDeathWatchdog) => Promise<void>,
): Promise<void> {
  const children = await Promise.all(Array.from({ length: count }, group));
  try {
    await body(
      children.map((child) => child.pid as number),
      new HostDeathWatchdog(),
    );
  } finally {
    for (const child of children) child.kill('SIGKILL');
  }
}

describe('HostDeathWatchdog', () => {
  it('kills the groups still registered, not the ones forgotten (in any order)', () =>
    withGroups(4, async ([a = 0, b = 0, c = 0, d = 0], watchdog) => {
      for (const pgid of [a, b, c, d]) watchdog.watch(pgid);
      watchdog.forget(d);
      watchdog.forget(b);
      watchdog.close(); // "q": kill what is registered, then exit
      assert.equal(await waitGone(a), true);
      assert.equal(await waitGone(c), true);
      assert.equal(isAlive(b), true);
      assert.equal(isAlive(d), true);
    }));

  it('hold(): lines wait for close(), which writes them before its "q"', () =>
    withGroups(2, async ([a = 0, b = 0], watchdog) => {
      watchdog.watch(a);
      watchdog.watch(b);
      watchdog.hold();
      watchdog.forget(b);
      await new Promise((resolve) => setTimeout(resolve, WRITE_DELAY_MS + 50)); // held
      watchdog.close();
      assert.equal(await waitGone(a), true);
      assert.equal(isAlive(b), true, 'the held forget went out before the "q"');
    }));

  it('hold(): a forget made while held is not written until the close (a host killed then takes the group)', () =>
    withGroups(2, async ([a = 0, b = 0]) => {
      const host = await startHost('host-holds-watchdog.ts', [String(a), String(b)]);
      host.child.kill('SIGKILL');
      assert.equal(await waitGone(a), true);
      assert.equal(await waitGone(b), true, 'the held forget went out before the host died');
    }));

  it('keeps the order of its lines: a group forgotten and watched again stays registered', () =>
    withGroups(2, async ([a = 0, b = 0], watchdog) => {
      watchdog.watch(a);
      watchdog.watch(b);
      await new Promise((resolve) => setTimeout(resolve, WRITE_DELAY_MS + 50)); // both written
      watchdog.forget(a);
      watchdog.watch(a); // goes out with the forget, after it
      watchdog.watchPid(2 ** 22 + 777, 1); // a pid line goes out at once, with the lines before it
      watchdog.forget(b);
      await new Promise((resolve) => setImmediate(resolve));
      watchdog.close();
      assert.equal(await waitGone(a), true);
      assert.equal(isAlive(b), true);
    }));
  it('close() with every group forgotten: the shell exits at once ("x") and kills nothing', () =>
    withGroups(2, async ([a = 0, b = 0], watchdog) => {
      const before = new Set(watchdogShells());
      watchdog.watch(a);
      watchdog.watch(b);
      await new Promise((resolve) => setTimeout(resolve, WRITE_DELAY_MS + 50)); // both written
      const [shell = 0] = watchdogShells().filter((pid) => !before.has(pid));
      assert.ok(shell > 0, 'the watchdog shell runs');
      watchdog.hold();
      watchdog.forget(a);
      watchdog.forget(b);
      watchdog.close();
      assert.equal(await waitGone(shell), true, 'the shell exited');
      assert.equal(isAlive(a), true);
      assert.equal(isAlive(b), true);
    }));
});
