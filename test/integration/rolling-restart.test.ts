import assert from 'node:assert/strict';
import { get } from 'node:http';
import { describe, it } from 'node:test';
import type { PoolOptions, Program, RollingRestartError } from '../../src/index.js';
import { isAlive, nodeFixture, testSupervisor } from '../helpers/processes.js';

const base = 20000 + Math.floor(Math.random() * 20000);

const workers = (extra: Partial<PoolOptions> = {}): PoolOptions => ({
  name: 'web',
  command: [...nodeFixture('http-worker.js', base), '%(process_num)d'],
  numprocs: 4,
  processName: '%(program_name)s_%(process_num)d',
  readiness: { line: /listening on/, timeoutSecs: 20 },
  startRetries: 0,
  ...extra,
});

function request(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = get({ host: '127.0.0.1', port, path: '/', agent: false }, (res) => {
      let body = '';
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve(Number(body)));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/** Requests every member reported ready (RUNNING) every 10 ms, and counts what it sees. */
function loadClient(members: readonly Program[]) {
  const stats = {
    sent: 0,
    ok: 0,
    failed: [] as string[],
    minReady: Infinity,
    pids: new Set<number>(),
  };
  const inflight = new Set<Promise<unknown>>();
  const tick = () => {
    const ready = members.filter((p) => p.state === 'RUNNING');
    stats.minReady = Math.min(stats.minReady, ready.length);
    for (const p of ready) {
      stats.sent++;
      const port = base + members.indexOf(p);
      const req = request(port).then(
        (pid) => {
          stats.ok++;
          stats.pids.add(pid);
        },
        (error: Error) => stats.failed.push(`${p.name}: ${error.message}`),
      );
      inflight.add(req);
      void req.finally(() => inflight.delete(req));
    }
  };
  const timer = setInterval(tick, 10);
  tick();
  return {
    stats,
    async stop() {
      clearInterval(timer);
      await Promise.all([...inflight]);
    },
  };
}

describe('rolling restart of a pool of HTTP workers', () => {
  it('replaces all 4 with 0 failed requests, at least 3 ready at every instant', async () => {
    await using sup = testSupervisor();
    const group = sup.addPool(workers());
    await sup.start();
    const members = group.members;
    const before = members.map((p) => p.pid);
    assert.ok(before.every((pid) => pid > 0));
    let minRunning = Infinity;
    sup.on('state', () => {
      minRunning = Math.min(minRunning, members.filter((p) => p.state === 'RUNNING').length);
    });
    const client = loadClient(members);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const result = await group.rollingRestart({ maxUnavailable: 1, timeoutSecs: 20 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await client.stop();

    assert.deepEqual(result.restarted, ['web:web_0', 'web:web_1', 'web:web_2', 'web:web_3']);
    assert.deepEqual(client.stats.failed, [], 'no request to a ready member failed');
    assert.ok(client.stats.ok > 20, `requests answered: ${client.stats.ok}`);
    assert.ok(minRunning >= 3, `at least 3 RUNNING at every transition (min ${minRunning})`);
    assert.ok(
      client.stats.minReady >= 3,
      `at least 3 ready at every tick (min ${client.stats.minReady})`,
    );
    const after = members.map((p) => p.pid);
    for (const [i, pid] of after.entries()) {
      assert.notEqual(pid, before[i], `${members[i]?.name} has a new pid`);
      assert.ok(!isAlive(before[i] as number), 'the old process is gone');
    }
    for (const pid of after) assert.ok(client.stats.pids.has(pid), `new pid ${pid} served`);
    console.log(
      `rolling restart: ${client.stats.sent} requests, ${client.stats.ok} ok, ${client.stats.failed.length} failed, min ready ${client.stats.minReady}`,
    );
  });

  it('update(config, { rolling: true }): a member whose new command fails stops the roll', async () => {
    await using sup = testSupervisor();
    const group = sup.addPool(workers());
    await sup.start();
    const before = group.members.map((p) => p.pid);
    const broken = workers({ command: nodeFixture('exit-with.js', 3) });
    const error = (await sup.update({ programs: [broken] }, { rolling: true }).then(
      () => assert.fail('update should reject'),
      (e: unknown) => e,
    )) as RollingRestartError;
    assert.equal(error.code, 'ROLLING_RESTART_FAILED');
    assert.equal(error.program, 'web:web_0');
    assert.deepEqual(error.untouched, ['web:web_1', 'web:web_2', 'web:web_3']);
    assert.match(error.message, /Rolling restart stopped at "web:web_0"/);
    const now = group.members;
    assert.equal(sup.get('web:web_0')?.state, 'FATAL');
    for (const i of [1, 2, 3]) {
      const p = now.find((m) => m.name === `web_${i}`);
      assert.equal(p?.state, 'RUNNING');
      assert.equal(p?.pid, before[i], `web_${i} untouched`);
      assert.equal(await request(base + i), before[i]);
    }
  });

  it('rollingRestart on members not running skips them; bad options are OptionErrors', async () => {
    await using sup = testSupervisor();
    const group = sup.addPool(workers({ numprocs: 2, autostart: false }));
    assert.deepEqual(await group.rollingRestart(), {
      restarted: [],
      skipped: ['web:web_0', 'web:web_1'],
    });
    await assert.rejects(group.rollingRestart({ maxUnavailable: 0 }), {
      code: 'INVALID_OPTION',
      message: /maxUnavailable/,
    });
  });
});
