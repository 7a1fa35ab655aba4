import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PoolOptions } from '../../src/index.js';
import { isAlive, nodeFixture, testSupervisor } from '../helpers/processes.js';

const sleeper = nodeFixture('sleep-forever.js');
const pool = (numprocs: number, extra: Partial<PoolOptions> = {}): PoolOptions => ({
  name: 'worker',
  command: sleeper,
  numprocs,
  processName: '%(program_name)s_%(process_num)02d',
  startSecs: 0,
  ...extra,
});

describe('pools and groups', () => {
  it('a pool of 8 scales to 16 and down to 2 with the right names and no orphan', async () => {
    await using sup = testSupervisor();
    const events: string[] = [];
    sup.on('add', (p) => events.push(`+${p.group}:${p.name}`));
    sup.on('remove', (p) => events.push(`-${p.group}:${p.name}`));
    const group = sup.addPool(pool(8));
    await sup.start();
    assert.deepEqual(
      group.members.map((p) => p.name),
      Array.from({ length: 8 }, (_, i) => `worker_${String(i).padStart(2, '0')}`),
    );
    const first8 = group.members.map((p) => p.pid);
    const up = await group.scale(16);
    assert.equal(up.added.length, 8);
    assert.equal(up.added[0], 'worker:worker_08');
    await Promise.all(group.members.map((p) => p.waitFor('RUNNING', { timeoutMs: 10000 })));
    assert.equal(group.members.length, 16);
    assert.deepEqual(
      group.members.slice(0, 8).map((p) => p.pid),
      first8,
      'existing members kept running',
    );
    const stoppedPids = group.members.slice(2).map((p) => p.pid);
    const down = await group.scale(2);
    assert.equal(down.removed[0], 'worker:worker_15', 'highest-numbered first');
    assert.equal(down.removed.length, 14);
    assert.deepEqual(
      group.members.map((p) => p.name),
      ['worker_00', 'worker_01'],
    );
    assert.deepEqual(
      group.members.map((p) => p.pid),
      first8.slice(0, 2),
    );
    for (const pid of stoppedPids) assert.ok(!isAlive(pid), `pid ${pid} survived scale-down`);
    assert.equal(events.filter((e) => e.startsWith('+')).length, 16);
    assert.equal(events.filter((e) => e.startsWith('-')).length, 14);
    assert.equal(events.at(-14), '-worker:worker_15');
  });

  it('addresses: "group:name", "name" for its own group, "group:*"', async () => {
    await using sup = testSupervisor();
    sup.addPool(pool(2, { autostart: false }));
    sup.add({ name: 'solo', command: sleeper, autostart: false });
    assert.equal(sup.get('worker:worker_01')?.name, 'worker_01');
    assert.equal(sup.get('solo')?.group, 'solo');
    assert.equal(sup.get('solo:solo')?.name, 'solo');
    assert.deepEqual(
      sup.select('worker:*').map((p) => p.name),
      ['worker_00', 'worker_01'],
    );
    assert.deepEqual(
      sup.select('worker').map((p) => p.name),
      ['worker_00', 'worker_01'],
    );
    assert.throws(() => sup.select('nope'), { code: 'BAD_NAME' });
    assert.throws(() => sup.add(pool(2, { name: 'multi', processName: 'm%(process_num)d' })), {
      code: 'INVALID_OPTION',
      message: /use addPool\(\)/,
    });
  });

  it('group start / signal / stop act on all members with one result each', async () => {
    await using sup = testSupervisor();
    const group = sup.addGroup({
      name: 'web',
      priority: 10,
      programs: [
        { name: 'app', command: sleeper, startSecs: 0, autostart: false },
        { name: 'proxy', command: sleeper, startSecs: 0, autostart: false },
      ],
    });
    assert.deepEqual(
      group.members.map((p) => `${p.group}:${p.name}:${p.config.priority}`),
      ['web:app:10', 'web:proxy:10'],
    );
    const started = await group.start();
    assert.deepEqual(
      started.map((r) => [r.name, r.ok, r.state]),
      [
        ['app', true, 'RUNNING'],
        ['proxy', true, 'RUNNING'],
      ],
    );
    const signalled = await group.signal('CONT');
    assert.deepEqual(
      signalled.map((r) => r.ok),
      [true, true],
    );
    const stopped = await group.stop();
    assert.deepEqual(
      stopped.map((r) => [r.name, r.ok, r.state]),
      [
        ['app', true, 'STOPPED'],
        ['proxy', true, 'STOPPED'],
      ],
    );
    const again = await group.signal('HUP');
    assert.deepEqual(
      again.map((r) => (r.error && 'code' in r.error ? r.error.code : '')),
      ['NOT_RUNNING', 'NOT_RUNNING'],
    );
    await assert.rejects(group.scale(3), {
      code: 'INVALID_OPTION',
      message: /"web" is not a pool/,
    });
  });

  it('update() with one program changed restarts only that program', async () => {
    await using sup = testSupervisor();
    const config = {
      programs: [
        { name: 'api', command: sleeper, startSecs: 0 },
        { name: 'jobs', command: sleeper, startSecs: 0 },
        pool(3),
      ],
    };
    await sup.update(config);
    await sup.start();
    const pids = new Map(sup.programs.map((p) => [`${p.group}:${p.name}`, p.pid]));
    const diff = await sup.update({
      programs: [
        { name: 'api', command: sleeper, startSecs: 0, environment: { CHANGED: '1' } },
        { name: 'jobs', command: sleeper, startSecs: 0 },
        pool(4),
      ],
    });
    assert.deepEqual(diff.processes.changed, ['api:api']);
    assert.deepEqual(diff.processes.added, ['worker:worker_03']);
    assert.deepEqual([...diff.changed].sort(), ['api', 'worker']);
    const api = sup.get('api');
    assert.equal(api?.state, 'RUNNING');
    assert.notEqual(api?.pid, pids.get('api:api'));
    assert.ok(!isAlive(pids.get('api:api') ?? 0));
    for (const key of ['jobs:jobs', 'worker:worker_00', 'worker:worker_01', 'worker:worker_02']) {
      assert.equal(sup.get(key)?.pid, pids.get(key), `${key} kept its pid`);
    }
    await sup.get('worker:worker_03')?.waitFor('RUNNING', { timeoutMs: 5000 });
    const shrink = await sup.update({
      programs: [{ name: 'jobs', command: sleeper, startSecs: 0 }],
    });
    assert.deepEqual([...shrink.removed].sort(), ['api', 'worker']);
    assert.deepEqual(
      sup.programs.map((p) => p.name),
      ['jobs'],
    );
    assert.equal(sup.get('jobs')?.pid, pids.get('jobs:jobs'));
  });

  it('an invalid new configuration changes nothing', async () => {
    await using sup = testSupervisor();
    await sup.update({ programs: [{ name: 'a', command: sleeper, startSecs: 0 }] });
    await sup.start();
    const pid = sup.get('a')?.pid;
    await assert.rejects(
      sup.update({
        programs: [
          { name: 'a', command: sleeper, startSecs: -1 },
          { name: 'b', command: sleeper },
        ],
      }),
      { code: 'INVALID_OPTION' },
    );
    await assert.rejects(
      sup.update({
        programs: [
          { name: 'a', command: sleeper, dependsOn: ['b'] },
          { name: 'b', command: sleeper, dependsOn: ['a'] },
        ],
      }),
      { code: 'DEPENDENCY_CYCLE' },
    );
    assert.deepEqual(
      sup.programs.map((p) => p.name),
      ['a'],
    );
    assert.equal(sup.get('a')?.pid, pid);
  });
});

describe('dependencies', () => {
  it('dependsOn: dependencies start first and stop last, whatever the priorities', async () => {
    await using sup = testSupervisor();
    const order: string[] = [];
    sup.on('state', (c) => {
      if (c.to === 'RUNNING' || c.to === 'STARTING' || c.to === 'STOPPED')
        order.push(`${c.name}:${c.to}`);
    });
    sup.add({ name: 'db', command: sleeper, startSecs: 0.2, priority: 500 });
    sup.add({ name: 'cache', command: sleeper, startSecs: 0.1, priority: 500 });
    sup.add({
      name: 'web',
      command: sleeper,
      startSecs: 0,
      priority: 1,
      dependsOn: ['db', 'cache'],
    });
    const results = await sup.start();
    assert.deepEqual(
      results.map((r) => r.name),
      ['db', 'cache', 'web'],
    );
    const at = (s: string) => order.indexOf(s);
    assert.ok(at('web:STARTING') > at('db:RUNNING') && at('web:STARTING') > at('cache:RUNNING'));
    order.length = 0;
    await sup.stop();
    assert.ok(at('web:STOPPED') < at('db:STOPPED') && at('web:STOPPED') < at('cache:STOPPED'));
  });

  it('when a dependency goes FATAL, dependents do not start and say why', async () => {
    await using sup = testSupervisor();
    sup.add({ name: 'db', command: 'no-such-database-binary', startRetries: 0 });
    sup.add({ name: 'web', command: sleeper, dependsOn: ['db'] });
    const results = await sup.start();
    const web = results.find((r) => r.name === 'web');
    assert.equal(web?.ok, false);
    assert.equal(web?.state, 'STOPPED');
    assert.equal(
      web?.error?.message,
      `Program "web" was not started: its dependency "db" is FATAL (can't find command 'no-such-database-binary' on PATH).`,
    );
  });

  it('add() rejects unknown dependencies and cycles with typed errors', async () => {
    await using sup = testSupervisor();
    assert.throws(() => sup.add({ name: 'web', command: sleeper, dependsOn: ['db'] }), {
      code: 'UNKNOWN_DEPENDENCY',
    });
    assert.equal(sup.programs.length, 0);
    assert.throws(() => sup.add({ name: 'me', command: sleeper, dependsOn: ['me'] }), {
      code: 'INVALID_OPTION',
      message: /cannot depend on itself/,
    });
  });
});
