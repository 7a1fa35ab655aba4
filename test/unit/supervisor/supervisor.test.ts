// The Supervisor's ordering with a fake driver and a ManualClock: which program spawns when,
// without a child process and without sleeping.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PoolOptions } from '../../../src/supervisor/pool.js';
import { FakeDriver, fakeSupervisor, settle } from '../../helpers/fake-driver.js';

function setup() {
  const driver = new FakeDriver();
  const { clock, sup } = fakeSupervisor(driver, 0);
  return { clock, driver, sup };
}

const prog = (name: string, over: Partial<PoolOptions> = {}): PoolOptions => ({
  name,
  command: 'x',
  startSecs: 1,
  ...over,
});

describe('Supervisor with a fake driver and a ManualClock', () => {
  it('equal priorities start together; a higher priority waits for them to be RUNNING', async () => {
    const { clock, driver, sup } = setup();
    sup.add(prog('a', { priority: 1 }));
    sup.add(prog('b', { priority: 1 }));
    sup.add(prog('c', { priority: 2 }));
    const started = sup.start();
    await settle();
    assert.deepEqual(driver.spawned().sort(), ['a', 'b'], 'a and b spawn before either is RUNNING');
    clock.advance(1000);
    await settle();
    assert.deepEqual(driver.spawned().slice(2), ['c']);
    clock.advance(1000);
    const results = await started;
    assert.deepEqual(
      results.map((r) => [r.name, r.ok, r.state]),
      [
        ['a', true, 'RUNNING'],
        ['b', true, 'RUNNING'],
        ['c', true, 'RUNNING'],
      ],
    );
    const stopped = sup.stop();
    await settle();
    const firstStops = driver.log.filter((e) => e.type === 'signal' && e.signal === 'SIGTERM');
    assert.deepEqual(
      [
        firstStops[0]?.name,
        firstStops
          .slice(1)
          .map((e) => e.name)
          .sort(),
      ],
      ['c', ['a', 'b']],
      'stop: descending priority, a level fully stopped before the next',
    );
    await stopped;
  });

  it('a dependency that goes FATAL blocks its dependents: they are never spawned', async () => {
    const { clock, driver, sup } = setup();
    driver.always('db', { spawnError: 'no such file' });
    sup.add(prog('db', { startRetries: 0 }));
    sup.add(prog('web', { dependsOn: ['db'] }));
    const started = sup.start();
    await settle();
    clock.advance(1000);
    const results = await started;
    const byName = Object.fromEntries(results.map((r) => [r.name, r]));
    assert.equal(byName.db?.ok, false);
    assert.equal(byName.db?.state, 'FATAL');
    assert.equal(byName.web?.ok, false);
    const webError = byName.web?.error as { code?: string; dependency?: string } | undefined;
    assert.equal(webError?.code, 'DEPENDENCY_FAILED');
    assert.equal(webError?.dependency, 'db');
    assert.match(String(byName.web?.error?.message), /dependency "db" is FATAL/);
    assert.deepEqual(driver.spawned(), [], 'web never spawned (and db never got a pid)');
    assert.equal(sup.get('web')?.state, 'STOPPED');
  });

  it('dependencies start first even with a lower priority number on the dependent', async () => {
    const { clock, driver, sup } = setup();
    sup.add(prog('db', { priority: 999 }));
    sup.add(prog('web', { priority: 1, dependsOn: ['db'] }));
    const started = sup.start();
    await settle();
    assert.deepEqual(driver.spawned(), ['db']);
    clock.advance(1000);
    await settle();
    assert.deepEqual(driver.spawned(), ['db', 'web']);
    clock.advance(1000);
    await started;
    await sup.stop();
  });

  it('scale() removes the highest process_num first, and adds the missing ones', async () => {
    const { clock, driver, sup } = setup();
    const pool = sup.addPool(
      prog('w', { numprocs: 4, processName: 'w_%(process_num)d', startSecs: 0 }),
    );
    await sup.start();
    assert.deepEqual(driver.spawned(), ['w_0', 'w_1', 'w_2', 'w_3']);
    const down = await pool.scale(2);
    assert.deepEqual(down, { added: [], removed: ['w:w_3', 'w:w_2'] });
    const stops = driver.log.filter((e) => e.type === 'signal' && e.signal === 'SIGTERM');
    assert.deepEqual(stops.map((e) => e.name).sort(), ['w_2', 'w_3']);
    assert.deepEqual(
      pool.members.map((p) => p.name),
      ['w_0', 'w_1'],
    );
    const up = await pool.scale(3);
    assert.deepEqual(up, { added: ['w:w_2'], removed: [] });
    assert.equal(sup.get('w:w_2')?.state, 'RUNNING');
    clock.advance(0);
    await sup.stop();
  });

  it('update() replaces changed programs one by one: old stopped before its new one spawns', async () => {
    const { driver, sup } = setup();
    const config = (tag: string) => ({
      programs: [
        prog('a', { startSecs: 0, environment: { TAG: tag } }),
        prog('b', { startSecs: 0, environment: { TAG: tag } }),
        prog('keep', { startSecs: 0 }),
      ],
    });
    await sup.update(config('1'));
    await sup.start();
    const before = driver.log.length;
    const diff = await sup.update(config('2'));
    assert.deepEqual(diff.processes.changed, ['a:a', 'b:b']);
    assert.deepEqual(diff.processes.unchanged, ['keep:keep']);
    const steps = driver.log
      .slice(before)
      .filter((e) => e.type === 'spawn' || e.type === 'exit')
      .map((e) => `${e.type} ${e.name}`);
    assert.deepEqual(steps, ['exit a', 'spawn a', 'exit b', 'spawn b']);
    assert.equal(driver.runs.filter((r) => r.name === 'keep').length, 1, 'keep was not touched');
    await sup.stop();
  });

  it('remove() stops, then forgets, and emits remove', async () => {
    const { sup } = setup();
    const removed: string[] = [];
    sup.on('remove', (ref) => removed.push(`${ref.group}:${ref.name}`));
    sup.add(prog('a', { startSecs: 0 }));
    await sup.start();
    await sup.remove('a');
    assert.deepEqual(removed, ['a:a']);
    assert.equal(sup.get('a'), undefined);
    assert.throws(() => sup.select('a'), { code: 'BAD_NAME', address: 'a' });
  });
  it('stop(): every stop signal of a level goes out before any stop is done, one per program', async () => {
    const { driver, sup } = setup();
    for (const name of ['a', 'b', 'c']) sup.add(prog(name, { startSecs: 0 }));
    await sup.start();
    const signalsAtStopping: number[] = [];
    const afterExit: string[] = [];
    sup.on('state', (change) => {
      if (change.to !== 'STOPPING') return;
      signalsAtStopping.push(driver.log.filter((e) => e.type === 'signal').length);
    });
    for (const p of sup.programs) p.on('exit', (exit) => afterExit.push(exit.cause));
    await sup.stop();
    const stops = driver.log.filter((e) => e.type === 'signal' && e.signal === 'SIGTERM');
    assert.deepEqual(stops.map((e) => e.name).sort(), ['a', 'b', 'c'], 'one SIGTERM each');
    // SIGTERM and SIGCONT to each of the three before the first program reports STOPPING.
    assert.deepEqual(signalsAtStopping, [6, 6, 6]);
    // The fake runs exit in a microtask, before their stops are dispatched: still stops.
    assert.deepEqual(afterExit, ['stop-requested', 'stop-requested', 'stop-requested']);
    assert.deepEqual(driver.spawned().sort(), ['a', 'b', 'c'], 'nothing restarted');
    assert.deepEqual(
      sup.programs.map((p) => p.state),
      ['STOPPED', 'STOPPED', 'STOPPED'],
    );
  });

  it('stop(): a program with a beforeStop hook is signalled after its hook, not ahead', async () => {
    const { driver, sup } = setup();
    const order: string[] = [];
    const signalled = (name: string) =>
      driver.log.some((e) => e.type === 'signal' && e.name === name && e.signal === 'SIGTERM');
    sup.add(
      prog('hooked', {
        startSecs: 0,
        hooks: {
          beforeStop: (_p, reason) => {
            order.push(`beforeStop ${reason}, signalled: ${signalled('hooked')}`);
          },
          afterExit: (_p, reason) => {
            order.push(`afterExit ${reason}`);
          },
        },
      }),
    );
    sup.add(
      prog('plain', {
        startSecs: 0,
        hooks: { afterExit: (_p, reason) => order.push(`plain afterExit ${reason}`) },
      }),
    );
    await sup.start();
    await sup.stop();
    assert.deepEqual(order.sort(), [
      'afterExit shutdown',
      'beforeStop shutdown, signalled: false',
      'plain afterExit shutdown',
    ]);
  });
});
