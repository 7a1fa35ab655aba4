import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CrashReport } from '../../src/index.js';
import { freePort, nextEvent } from '../helpers/health-helpers.js';
import { nodeFixture, testSupervisor } from '../helpers/processes.js';

const migrateThenWeb = (code: number) => [
  {
    name: 'migrate',
    command: nodeFixture('exit-with.js', code, 300),
    startSecs: 0,
    autorestart: false,
  },
  {
    name: 'web',
    command: nodeFixture('sleep-forever.js'),
    startSecs: 0,
    dependsOn: [{ name: 'migrate', condition: 'completed-successfully' as const }],
  },
];

describe('dependsOn conditions', () => {
  it('migrate -> web: web starts only after migrate exited 0', async () => {
    await using sup = testSupervisor();
    for (const options of migrateThenWeb(0)) sup.add(options);
    const results = await sup.start();
    assert.deepEqual(
      results.map((r) => `${r.name}:${r.ok}`),
      ['migrate:true', 'web:true'],
    );
    const at = (t: string) => sup.transitions.indexOf(t);
    assert.ok(at('migrate:RUNNING>EXITED') >= 0);
    assert.ok(at('migrate:RUNNING>EXITED') < at('web:STOPPED>STARTING'), sup.transitions.join(' '));
    assert.equal(sup.get('web')?.state, 'RUNNING');
  });

  it('migrate exits 1: web stays unstarted, DEPENDENCY_FAILED names the condition', async () => {
    await using sup = testSupervisor();
    for (const options of migrateThenWeb(1)) sup.add(options);
    const results = await sup.start();
    const web = results.find((r) => r.name === 'web');
    assert.equal(web?.ok, false);
    assert.equal(web?.state, 'STOPPED');
    assert.equal(sup.get('web')?.state, 'STOPPED');
    assert.deepEqual(sup.pathOf('web'), []);
    const error = web?.error as { code?: string; condition?: string } | undefined;
    assert.equal(error?.code, 'DEPENDENCY_FAILED');
    assert.equal(error?.condition, 'completed-successfully');
    assert.equal(
      web?.error?.message,
      'Program "web" was not started: its dependency "migrate" did not meet condition "completed-successfully": it exited with code 1 (exitCodes 0).',
    );
  });

  it("'completed' accepts any exit code; 'healthy' waits for readiness, with liveness not failing", async () => {
    await using sup = testSupervisor();
    const port = await freePort();
    sup.add({
      name: 'build',
      command: nodeFixture('exit-with.js', 2, 100),
      startSecs: 0,
      autorestart: false,
    });
    sup.add({
      name: 'db',
      command: nodeFixture('http-hangs-after.js', port),
      readiness: { http: `http://127.0.0.1:${port}/`, intervalSecs: 0.05 },
      liveness: { http: `http://127.0.0.1:${port}/`, periodSecs: 0.2 },
    });
    sup.add({
      name: 'app',
      command: nodeFixture('sleep-forever.js'),
      startSecs: 0,
      dependsOn: [
        { name: 'build', condition: 'completed' },
        { name: 'db', condition: 'healthy' },
      ],
    });
    let dbAtAppStart: unknown;
    sup.on('spawn', (s) => {
      if (s.name === 'app') dbAtAppStart = sup.get('db')?.info().healthy && sup.get('build')?.state;
    });
    const results = await sup.start();
    assert.ok(
      results.every((r) => r.ok),
      JSON.stringify(results),
    );
    assert.equal(dbAtAppStart, 'EXITED', 'db healthy and build exited when app spawned');
    assert.equal(sup.get('build')?.lastExit?.code, 2);
  });
});

describe('crash reports', () => {
  it('an unexpected exit: a crash event and lastCrash, with the last lines of both streams', async () => {
    await using sup = testSupervisor();
    const p = sup.add({
      name: 'worker',
      command: nodeFixture('crash-after.js', 1200, 3),
      startSecs: 1,
      autorestart: false,
    });
    const crashed = nextEvent<CrashReport>((fn) => sup.on('crash', fn));
    await p.start();
    const report = await crashed;
    assert.equal(p.lastCrash, report);
    assert.equal(report.exit.code, 3);
    assert.deepEqual(report.stdout, ['working 1', 'working 2', 'working 3']);
    assert.deepEqual(report.stderr, [
      'Error: database connection lost',
      '    at connect (db.js:12:7)',
    ]);
    assert.deepEqual(report.next, { action: 'none' });
    assert.match(
      report.toString(),
      /^program "worker" \(pid \d+\) exited with code 3 after 1\.\d s; not restarted\n--- stderr \(last 2 lines\)\nError: database connection lost\n {4}at connect \(db\.js:12:7\)\n--- stdout \(last 3 lines\)\nworking 1/,
    );
  });

  it('an exit too quickly: retry in N ms, then FATAL; a requested stop is no crash', async () => {
    await using sup = testSupervisor();
    const p = sup.add({
      name: 'flaky',
      command: nodeFixture('crash-after.js', 0, 1),
      startRetries: 1,
      backoff: { type: 'linear', stepSecs: 0.1 },
    });
    const crashes: CrashReport[] = [];
    p.on('crash', (c) => crashes.push(c));
    await assert.rejects(p.start());
    await new Promise((resolve) => setTimeout(resolve, 600));
    assert.deepEqual(
      crashes.map((c) => c.next),
      [
        { action: 'retry', inMs: 100, attempt: 2, attempts: 2 },
        { action: 'fatal', reason: 'too many start retries too quickly' },
      ],
    );
    const calm = sup.add({ name: 'calm', command: nodeFixture('sleep-forever.js'), startSecs: 0 });
    await calm.start();
    await calm.stop();
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(calm.lastCrash, undefined);
  });
});
