import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nodeFixture, testSupervisor } from '../helpers/processes.js';

const job = (name: string, code: number, delayMs: number) => ({
  name,
  command: nodeFixture('exit-with.js', code, delayMs),
  startSecs: 0,
  autorestart: false as const,
  exitCodes: [0],
});
const server = { name: 'db', command: nodeFixture('sleep-forever.js'), startSecs: 0 };

describe('supervisor.run()', () => {
  it("until 'all': resolves once every job has exited, stops the rest, returns each ExitInfo", async () => {
    await using sup = testSupervisor();
    sup.add(server);
    sup.add(job('migrate', 0, 100));
    sup.add(job('tests', 3, 300));
    const result = await sup.run({ until: 'all', programs: ['migrate', 'tests'] });
    assert.deepEqual(Object.keys(result).sort(), ['migrate', 'tests']);
    assert.equal(result.migrate?.code, 0);
    assert.equal(result.migrate?.expected, true);
    assert.equal(result.tests?.code, 3);
    assert.equal(result.tests?.expected, false);
    assert.equal(sup.get('db')?.state, 'STOPPED', 'the rest is stopped');
  });

  it("until 'any': the first exit ends the run; the others are stopped", async () => {
    await using sup = testSupervisor();
    sup.add(server);
    sup.add(job('quick', 0, 100));
    sup.add({ ...job('slow', 0, 60_000) });
    const result = await sup.run({ until: 'any', programs: ['quick', 'slow'] });
    assert.equal(result.quick?.cause, 'exit');
    assert.equal(result.slow?.cause, 'stop-requested');
    assert.ok(sup.programs.every((p) => p.state === 'STOPPED' || p.state === 'EXITED'));
  });

  it('defaults to every autostart program and starts the supervisor', async () => {
    await using sup = testSupervisor();
    sup.add(job('a', 0, 50));
    sup.add(job('b', 0, 150));
    sup.add({ ...job('manual', 0, 10), autostart: false });
    const result = await sup.run();
    assert.deepEqual(Object.keys(result).sort(), ['a', 'b']);
    assert.equal(sup.get('manual')?.state, 'STOPPED');
  });

  it('jobs with the default startSecs and autorestart: a quick success and a late failure both finish', async () => {
    await using sup = testSupervisor();
    sup.add({ name: 'quick', command: nodeFixture('exit-with.js', 0, 50) });
    sup.add({ name: 'failing', command: nodeFixture('exit-with.js', 3, 1300) });
    const spawns: string[] = [];
    sup.on('spawn', (s) => spawns.push(s.name));
    const result = await sup.run();
    assert.equal(
      result.quick?.code,
      0,
      'done before startSecs, as expected: finished, not retried',
    );
    assert.equal(result.failing?.code, 3, 'the exit after RUNNING finished it');
    assert.equal(result.failing?.expected, false);
    assert.equal(spawns.filter((n) => n === 'quick').length, 1);
    assert.ok(spawns.filter((n) => n === 'failing').length <= 2, 'its autorestart was stopped');
    assert.ok(sup.programs.every((p) => p.state === 'STOPPED' || p.state === 'EXITED'));
  });

  it('rejects when a program goes FATAL, and stops everything', async () => {
    await using sup = testSupervisor();
    sup.add(server);
    sup.add({ ...job('broken', 0, 0), command: 'no-such-command-overseer', startRetries: 0 });
    sup.add(job('tests', 0, 60_000));
    await assert.rejects(sup.run({ programs: ['tests'] }), {
      code: 'SPAWN_ERROR',
      message: /"broken" could not be spawned/,
    });
    assert.equal(sup.get('db')?.state, 'STOPPED');
    assert.equal(sup.get('tests')?.state, 'STOPPED');
  });

  it('bad options are OptionErrors', async () => {
    await using sup = testSupervisor();
    sup.add(job('a', 0, 0));
    await assert.rejects(sup.run({ until: 'first' as never }), {
      code: 'INVALID_OPTION',
      message: /"until"/,
    });
    await assert.rejects(sup.run({ programs: ['ghost'] }), { code: 'BAD_NAME' });
  });
});
