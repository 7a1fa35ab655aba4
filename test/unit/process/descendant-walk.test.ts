import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { DescendantWalk, type TaskChildren } from '../../../src/process/descendant-walk.js';
import { nativeAddon } from '../../../src/process/native.js';
import { descendantsOf, readProcessTable } from '../../../src/process/process-table.js';
import { waitGone } from '../../helpers/processes.js';

const linux = process.platform === 'linux';

/**
 * A shell with two children, one of them in a session of its own (escaped from the group),
 * with a grandchild of its own; and one more child forked from a second thread of a Node
 * child (threads keep child lists of their own).
 */
async function tree(): Promise<ChildProcess> {
  const script =
    'sleep 30 & setsid sh -c "sleep 30 & sleep 30; :" & ' +
    'node -e "const w=new (require(\'worker_threads\').Worker)(\'require(\\"child_process\\").spawn(\\"sleep\\",[\\"30\\"],{stdio:\\"ignore\\"}); setInterval(()=>{},1e6)\',{eval:true}); setInterval(()=>{},1e6)" & wait';
  const child = spawn('/bin/sh', ['-c', script], { detached: true, stdio: 'ignore' });
  await once(child, 'spawn');
  return child;
}

/** Waits (bounded) until the process table shows `count` descendants of `pid`. */
async function settle(pid: number, count: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (descendantsOf(readProcessTable(), pid).length >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  assert.fail(`the tree of ${pid} never reached ${count} processes`);
}

const sorted = (entries: readonly { pid: number }[]) => entries.map((e) => e.pid).sort();

const addon = nativeAddon();
const native: TaskChildren | undefined = addon?.taskChildren?.bind(addon);
/** Both ways to read child lists: the addon's one call, and readdir with a read per thread. */
const readers: [string, TaskChildren | null | undefined][] = [
  ['the addon', native],
  ['readdir and reads', null],
];

for (const [way, reader] of readers) {
  const skip = !linux ? 'Linux /proc only' : reader === undefined ? 'no native addon' : false;
  describe(`DescendantWalk through ${way}`, { skip }, () => {
    walkTests(reader ?? null);
  });
}

function walkTests(reader: TaskChildren | null): void {
  it('finds what a scan of the whole table finds (escapees, grandchildren, threads)', async () => {
    const root = await tree();
    const pid = root.pid as number;
    try {
      // sleep, setsid sh + 2 sleeps, node + its thread's sleep
      await settle(pid, 6);
      await new Promise((resolve) => setImmediate(resolve)); // a fresh table
      const walked = new DescendantWalk(reader).descendants(pid);
      assert.ok(walked);
      assert.deepEqual(sorted(walked), sorted(descendantsOf(readProcessTable(), pid)));
      assert.ok(walked.every((e) => e.start > 0 && e.pgid > 0 && e.sid > 0));
      assert.ok(
        walked.some((e) => e.sid !== pid),
        'the escaped session is in the walk',
      );
    } finally {
      const all = descendantsOf(readProcessTable(), pid);
      for (const e of [...all, { pid }]) {
        try {
          process.kill(e.pid, 'SIGKILL');
        } catch {}
      }
      for (const e of all) assert.equal(await waitGone(e.pid), true);
    }
  });

  it('a gone process has no descendants', () => {
    assert.deepEqual(new DescendantWalk(reader).descendants(2 ** 22 + 12345), []);
  });

  it('walks until the turn has read as many files as the table has processes', async () => {
    const walk = new DescendantWalk(reader);
    walk.tableRead(4);
    assert.equal(walk.worthWalking(false), true);
    walk.descendants(process.pid); // a directory and a list per thread: more than 4 reads
    assert.equal(walk.worthWalking(false), false, 'the rest of the turn takes the table');
    assert.equal(walk.worthWalking(true), false, 'a table read in this turn is free');
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(walk.worthWalking(false), true, 'a new turn walks again');
  });
}

describe('taskChildren (native addon)', { skip: native ? false : 'no native addon' }, () => {
  const taskChildren = native as TaskChildren;

  it('appends the children of every thread and returns the threads read', async () => {
    const child = spawn('/bin/sh', ['-c', 'sleep 30 & sleep 30 & wait'], { stdio: 'ignore' });
    await once(child, 'spawn');
    const pid = child.pid as number;
    try {
      await settle(pid, 2);
      const out = [7];
      assert.equal(taskChildren(pid, out), 1, 'sh has one thread');
      assert.equal(out[0], 7, 'appended after what was there');
      assert.deepEqual(out.slice(1).sort(), sorted(descendantsOf(readProcessTable(), pid)));
      assert.ok(taskChildren(process.pid, []) > 1, "Node's threads are read too");
    } finally {
      const all = descendantsOf(readProcessTable(), pid);
      child.kill('SIGKILL');
      for (const e of all) process.kill(e.pid, 'SIGKILL');
      for (const e of all) assert.equal(await waitGone(e.pid), true);
      assert.equal(await waitGone(pid), true);
    }
  });

  it('returns -1 for a process that is gone, and rejects a bad pid', () => {
    const out: number[] = [];
    assert.equal(taskChildren(2 ** 22 + 12345, out), -1);
    assert.deepEqual(out, []);
    assert.throws(() => taskChildren(0, []), /a pid and an array/);
    assert.throws(() => (taskChildren as (p: unknown, o: unknown) => number)(1, {}), TypeError);
  });
});
