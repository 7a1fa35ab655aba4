import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GroupEvent, PoolOptions } from '../../src/index.js';
import { until } from '../helpers/logs-helpers.js';
import { nodeFixture, testSupervisor } from '../helpers/processes.js';

const member = (name: string, extra: Partial<PoolOptions> = {}): PoolOptions => ({
  name,
  command: nodeFixture('sleep-forever.js'),
  startSecs: 0,
  autorestart: true,
  ...extra,
});

function nextGroupEvent(sup: ReturnType<typeof testSupervisor>, kind: GroupEvent['kind']) {
  return new Promise<GroupEvent>((resolve) => {
    const off = sup.on('group', (e) => {
      if (e.kind !== kind) return;
      off();
      resolve(e);
    });
  });
}

/** Kills a member's process from outside: an unexpected exit. */
function crash(sup: ReturnType<typeof testSupervisor>, address: string) {
  const pid = sup.get(address)?.pid ?? 0;
  assert.ok(pid > 0);
  process.kill(pid, 'SIGKILL');
}

/** Once `count` transitions were seen and every program is RUNNING again. */
async function allRunning(sup: ReturnType<typeof testSupervisor>, count = 0) {
  await until(
    () => sup.transitions.length >= count && sup.programs.every((p) => p.state === 'RUNNING'),
    10000,
  );
}

describe('group strategies', () => {
  it('one-for-all: others stop in reverse start order, then all start in order', async () => {
    await using sup = testSupervisor();
    sup.addGroup({
      name: 'g',
      strategy: 'one-for-all',
      programs: ['a', 'b', 'c'].map((n) => member(n)),
    });
    await sup.start();
    const pids = sup.programs.map((p) => p.pid);
    sup.transitions.length = 0;
    const restarted = nextGroupEvent(sup, 'restart');
    crash(sup, 'g:b');
    const event = await restarted;
    assert.deepEqual(event.members, ['a', 'b', 'c']);
    assert.equal(event.trigger, 'b');
    assert.equal(event.strategy, 'one-for-all');
    await allRunning(sup, 11);
    assert.deepEqual(sup.transitions, [
      'b:RUNNING>EXITED',
      'c:RUNNING>STOPPING',
      'c:STOPPING>STOPPED',
      'a:RUNNING>STOPPING',
      'a:STOPPING>STOPPED',
      'a:STOPPED>STARTING',
      'a:STARTING>RUNNING',
      'b:EXITED>STARTING',
      'b:STARTING>RUNNING',
      'c:STOPPED>STARTING',
      'c:STARTING>RUNNING',
    ]);
    for (const [i, p] of sup.programs.entries()) assert.notEqual(p.pid, pids[i]);
  });

  it('rest-for-one: only the members after it, stopped in reverse, started in order', async () => {
    await using sup = testSupervisor();
    sup.addGroup({
      name: 'g',
      strategy: 'rest-for-one',
      programs: ['a', 'b', 'c', 'd'].map((n) => member(n)),
    });
    await sup.start();
    const aPid = sup.get('g:a')?.pid;
    sup.transitions.length = 0;
    const restarted = nextGroupEvent(sup, 'restart');
    crash(sup, 'g:b');
    assert.deepEqual((await restarted).members, ['b', 'c', 'd']);
    await allRunning(sup, 11);
    assert.deepEqual(sup.transitions, [
      'b:RUNNING>EXITED',
      'd:RUNNING>STOPPING',
      'd:STOPPING>STOPPED',
      'c:RUNNING>STOPPING',
      'c:STOPPING>STOPPED',
      'b:EXITED>STARTING',
      'b:STARTING>RUNNING',
      'c:STOPPED>STARTING',
      'c:STARTING>RUNNING',
      'd:STOPPED>STARTING',
      'd:STARTING>RUNNING',
    ]);
    assert.equal(sup.get('g:a')?.pid, aPid, 'a, before b, untouched');
  });

  it('start order follows priority, not the order of the list', async () => {
    await using sup = testSupervisor();
    sup.addGroup({
      name: 'g',
      strategy: 'rest-for-one',
      programs: [member('late', { priority: 20 }), member('early', { priority: 10 })],
    });
    await sup.start();
    const latePid = sup.get('g:late')?.pid;
    const restarted = nextGroupEvent(sup, 'restart');
    crash(sup, 'g:early');
    assert.deepEqual((await restarted).members, ['early', 'late']);
    await until(
      () => sup.get('g:late')?.pid !== latePid && sup.get('g:late')?.state === 'RUNNING',
      10000,
    );
    assert.notEqual(sup.get('g:late')?.pid, latePid);
  });

  it('intensity: more restarts than allowed stops every member and fails the group', async () => {
    await using sup = testSupervisor();
    const group = sup.addGroup({
      name: 'g',
      strategy: 'one-for-one',
      intensity: { maxRestarts: 1, withinSecs: 60 },
      programs: ['a', 'b'].map((n) => member(n)),
    });
    await sup.start();
    const once = nextGroupEvent(sup, 'restart');
    crash(sup, 'g:a');
    await once;
    await until(() => sup.get('g:a')?.state === 'RUNNING', 10000);
    const failed = nextGroupEvent(sup, 'failed');
    crash(sup, 'g:a');
    const event = await failed;
    assert.equal(event.restarts, 2);
    assert.match(event.reason, /more than 1 restarts within 60 s/);
    await sup.get('g:b')?.waitFor('STOPPED', { timeoutMs: 10000 });
    assert.equal(group.failed, true);
    assert.deepEqual(
      group.members.map((p) => p.state),
      ['EXITED', 'STOPPED'],
    );
    await group.start();
    assert.equal(group.failed, false, 'a manual start clears the failure');
    await allRunning(sup);
  });

  it('a transient member (autorestart unexpected) that exits as expected restarts nothing', async () => {
    await using sup = testSupervisor();
    sup.addGroup({
      name: 'g',
      strategy: 'one-for-all',
      programs: [
        member('job', { command: nodeFixture('exit-with.js', 0, 300), autorestart: 'unexpected' }),
        member('svc'),
      ],
    });
    const events: GroupEvent[] = [];
    sup.on('group', (e) => events.push(e));
    await sup.start();
    const svcPid = sup.get('g:svc')?.pid;
    await sup.get('g:job')?.waitFor('EXITED', { timeoutMs: 10000 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(events, []);
    assert.equal(sup.get('g:svc')?.pid, svcPid);
  });
});
