import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inRepo, runExample, startExample, stillAlive } from '../helpers/example-runs.js';

/** Every "pid N" in a text. */
const pidsIn = (text: string) => [...text.matchAll(/pid"?:? ?(\d+)/g)].map((m) => Number(m[1]));

describe('examples/ (importing overseer)', { concurrency: 3 }, () => {
  it('express-app: workers listed and scaled through the API, all gone after SIGTERM', async () => {
    const app = startExample(['examples/express-app/server.ts'], { PORT: '0' });
    const [, port] = await app.line(/^listening on (\d+)$/);
    const base = `http://127.0.0.1:${port}`;
    const list = async () => (await (await fetch(`${base}/workers`)).json()) as { pid: number }[];
    const before = await list();
    assert.equal(before.length, 2);
    const scaled = await fetch(`${base}/workers/scale/3`, { method: 'POST' });
    assert.deepEqual(await scaled.json(), {
      size: 3,
      members: ['worker_00', 'worker_01', 'worker_02'],
    });
    const after = await list();
    assert.deepEqual(
      after.map((w) => (w as { state?: string }).state),
      ['RUNNING', 'RUNNING', 'RUNNING'],
    );
    assert.equal((await fetch(`${base}/workers/scale/99`, { method: 'POST' })).status, 400);
    const ready = await fetch(`${base}/supervisor/readyz`);
    assert.deepEqual(await ready.json(), { ready: true }, 'overseer/control mounted');
    const page = await fetch(`${base}/supervisor/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /worker_02/);
    app.child.kill('SIGTERM');
    const end = await app.finished;
    assert.equal(end.signal ?? end.code, 'SIGTERM', end.stderr);
    assert.match(end.stdout, /worker_02: STOPPING -> STOPPED/);
    assert.deepEqual(stillAlive(after.map((w) => w.pid)), []);
  });

  it('worker-pool: scaled up to 4 and down to 1 at runtime', async () => {
    const end = await runExample(['examples/worker-pool.ts']);
    assert.equal(end.code, 0, end.stderr);
    assert.match(end.stdout, /scaled up: worker_00, worker_01, worker_02, worker_03/);
    assert.match(end.stdout, /scaled down: worker_00 \(pid \d+\)/);
    assert.deepEqual(stillAlive(pidsIn(end.stdout)), []);
  });

  it('demo: runs and stops everything', async () => {
    const end = await runExample(['examples/demo.ts'], { DEMO_MS: '1500' });
    assert.equal(end.code, 0, end.stderr);
    assert.match(end.stdout, /Stopping everything/);
    assert.deepEqual(stillAlive(pidsIn(end.stdout)), []);
  });

  it('test-harness under node:test: passes, with its leak check', async () => {
    const end = await runExample(['--test', 'examples/test-harness/node-test.test.ts']);
    assert.equal(end.code, 0, end.stdout + end.stderr);
    assert.match(end.stdout, /^# pass 2$/m);
    assert.match(end.stdout, /^# fail 0$/m);
  });

  it('test-harness under vitest: passes, with its leak check', async () => {
    const vitest = inRepo('node_modules', 'vitest', 'vitest.mjs');
    const config = 'examples/test-harness/vitest.config.ts';
    const end = await runExample([vitest, 'run', '--config', config]);
    assert.equal(end.code, 0, end.stdout + end.stderr);
    assert.match(end.stdout, /Tests\s+2 passed/);
  });

  it('docker host: prefixed lines on stdout, probes, a graceful stop', async () => {
    const host = startExample(['examples/docker/host.mjs'], { PORT: '0', HEALTH_PORT: '0' });
    const [, probes] = await host.line(/^overseer \| probes on (\d+)$/);
    await host.line(/^overseer \| worker_1: STARTING -> RUNNING$/);
    await host.line(/^overseer \| web: STARTING -> RUNNING$/);
    const probe = (path: string) => fetch(`http://127.0.0.1:${probes}${path}`);
    assert.equal((await probe('/healthz')).status, 200);
    assert.deepEqual(await (await probe('/readyz')).json(), { ready: true });
    await host.line(/^worker_0 \| job 1 done$/, 5000);
    const pids = pidsIn(host.output());
    host.child.kill('SIGTERM');
    const end = await host.finished;
    assert.equal(end.signal ?? end.code, 'SIGTERM', end.stderr);
    assert.match(end.stdout, /^web {6}\| listening on \d+$/m);
    assert.match(end.stdout, /^web {6}\| SIGTERM: closing$/m);
    assert.match(end.stdout, /^worker_1 \| SIGTERM: bye$/m);
    for (const line of end.stdout.trim().split('\n')) {
      assert.match(line, /^(overseer|web {5}|worker_0|worker_1) \| /, 'every line says whose');
    }
    assert.deepEqual(stillAlive(pids), []);
  });
});
