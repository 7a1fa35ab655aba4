import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { HostDeathWatchdog, WRITE_DELAY_MS } from '../../../src/process/watchdog.js';
import { isAlive, waitGone } from '../../helpers/processes.js';

async function group(): Promise<ChildProcess> {
  const child = spawn('/bin/sleep', ['30'], { detached: true, stdio: 'ignore' });
  await once(child, 'spawn');
  return child;
}

describe('HostDeathWatchdog', () => {
  it('kills the groups still registered, not the ones forgotten (in any order)', async () => {
    const children = await Promise.all([group(), group(), group(), group()]);
    const [a, b, c, d] = children.map((child) => child.pid as number) as [
      number,
      number,
      number,
      number,
    ];
    const watchdog = new HostDeathWatchdog();
    try {
      for (const pgid of [a, b, c, d]) watchdog.watch(pgid);
      watchdog.forget(d);
      watchdog.forget(b);
      watchdog.close(); // "q": kill what is registered, then exit
      assert.equal(await waitGone(a), true);
      assert.equal(await waitGone(c), true);
      assert.equal(isAlive(b), true);
      assert.equal(isAlive(d), true);
    } finally {
      for (const child of children) child.kill('SIGKILL');
    }
  });

  it('hold(): lines wait for close(), which writes them before its "q"', async () => {
    const children = await Promise.all([group(), group()]);
    const [a, b] = children.map((child) => child.pid as number) as [number, number];
    const watchdog = new HostDeathWatchdog();
    try {
      watchdog.watch(a);
      watchdog.watch(b);
      watchdog.hold();
      watchdog.forget(b);
      await new Promise((resolve) => setTimeout(resolve, WRITE_DELAY_MS + 50)); // held
      watchdog.close();
      assert.equal(await waitGone(a), true);
      assert.equal(isAlive(b), true, 'the held forget went out before the "q"');
    } finally {
      for (const child of children) child.kill('SIGKILL');
    }
  });

  it('keeps the order of its lines: a group forgotten and watched again stays registered', async () => {
    const children = await Promise.all([group(), group()]);
    const [a, b] = children.map((child) => child.pid as number) as [number, number];
    const watchdog = new HostDeathWatchdog();
    try {
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
    } finally {
      for (const child of children) child.kill('SIGKILL');
    }
  });
});
