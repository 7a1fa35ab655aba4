import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { DescendantWalk } from '../../../src/process/descendant-walk.js';
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

describe('DescendantWalk', { skip: linux ? false : 'Linux /proc only' }, () => {
  it('finds what a scan of the whole table finds (escapees, grandchildren, threads)', async () => {
    const root = await tree();
    const pid = root.pid as number;
    try {
      // sleep, setsid sh + 2 sleeps, node + its thread's sleep
      await settle(pid, 6);
      await new Promise((resolve) => setImmediate(resolve)); // a fresh table
      const walked = new DescendantWalk().descendants(pid);
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
    assert.deepEqual(new DescendantWalk().descendants(2 ** 22 + 12345), []);
  });

  it('walks until the turn has read as many files as the table has processes', async () => {
    const walk = new DescendantWalk();
    walk.tableRead(4);
    assert.equal(walk.worthWalking(false), true);
    walk.descendants(process.pid); // a directory and a list per thread: more than 4 reads
    assert.equal(walk.worthWalking(false), false, 'the rest of the turn takes the table');
    assert.equal(walk.worthWalking(true), false, 'a table read in this turn is free');
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(walk.worthWalking(false), true, 'a new turn walks again');
  });
});
