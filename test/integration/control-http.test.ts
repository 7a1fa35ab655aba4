import assert from 'node:assert/strict';
import { request } from 'node:http';
import { describe, it } from 'node:test';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { InsecureBindError, serveControl } from '../../src/control/index.js';
import { PYTHON, pythonRpc } from '../helpers/control.js';
import { nodeFixture, testSupervisor } from '../helpers/processes.js';

const auth = { username: 'ops', password: 'pa:ss word' };
const basic = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function http(
  url: string,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, url),
      { method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => {
          body += c.toString();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

async function setup(options: Parameters<typeof serveControl>[1] = {}) {
  const sup = testSupervisor({ sampleIntervalMs: 100 });
  sup.add({ name: 'web', command: nodeFixture('print-forever.js', 20), startSecs: 0 });
  sup.add({ name: 'manual', command: nodeFixture('sleep-forever.js'), autostart: false });
  await sup.start();
  const server = await serveControl(sup, { port: 0, ...auth, ...options });
  return Object.assign(sup, {
    url: server.url,
    async [Symbol.asyncDispose]() {
      await server.close();
      await Object.getPrototypeOf(sup)[Symbol.asyncDispose].call(sup);
    },
  });
}

describe('serveControl over HTTP', () => {
  it('answers 401 with a Basic challenge without credentials, and with wrong ones', async () => {
    await using sup = await setup();
    for (const path of ['/', '/metrics', '/events', '/logtail/web/stdout']) {
      const reply = await http(sup.url, path);
      assert.equal(reply.status, 401, path);
      assert.match(String(reply.headers['www-authenticate']), /^Basic realm="overseer"/);
    }
    const rpc = await http(sup.url, '/RPC2', {
      method: 'POST',
      headers: { 'Content-Type': 'text/xml', Authorization: 'Basic b3BzOndyb25n' },
      body: '<methodCall><methodName>supervisor.stopAllProcesses</methodName></methodCall>',
    });
    assert.equal(rpc.status, 401);
    assert.equal(sup.get('web')?.state, 'RUNNING');
    assert.equal((await http(sup.url, '/', { headers: { Authorization: basic } })).status, 200);
  });

  it('refuses a non-loopback bind without credentials with a typed error, before listening', async () => {
    await using sup = testSupervisor();
    for (const host of ['0.0.0.0', '::', '192.0.2.10']) {
      await assert.rejects(serveControl(sup, { host, port: 0 }), (error: unknown) => {
        assert.ok(error instanceof InsecureBindError);
        assert.equal(error.code, 'INSECURE_BIND');
        assert.match(
          error.message,
          new RegExp(`"${host.replace(/\./g, '\\.')}" without credentials`),
        );
        return true;
      });
    }
    const open = await serveControl(sup, { host: '0.0.0.0', port: 0, ...auth });
    assert.match(open.url, /^http:\/\/0\.0\.0\.0:\d+$/);
    await open.close();
  });

  it('/metrics is Prometheus text a real parser reads: states, spawns, exits, memory, logs', async () => {
    await using sup = await setup();
    const web = sup.get('web');
    await web?.waitForLine(/tick 3$/);
    await new Promise<void>((resolve) => web?.once('stats', () => resolve()));
    await sup.get('manual')?.start();
    await sup.get('manual')?.stop();
    const reply = await http(sup.url, '/metrics', { headers: { Authorization: basic } });
    assert.equal(reply.status, 200);
    assert.match(String(reply.headers['content-type']), /^text\/plain; version=0\.0\.4/);
    const families = new Map(parsePrometheusTextFormat(reply.body).map((f) => [f.name, f]));
    const value = (name: string, labels: Record<string, string>) =>
      families
        .get(name)
        ?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))?.value;
    assert.equal(families.get('overseer_program_state')?.type, 'GAUGE');
    assert.equal(value('overseer_program_state', { name: 'web', state: 'RUNNING' }), '1');
    assert.equal(value('overseer_program_state', { name: 'web', state: 'STOPPED' }), '0');
    assert.equal(value('overseer_program_up', { name: 'manual' }), '0');
    assert.equal(value('overseer_program_spawns_total', { name: 'manual' }), '1');
    assert.equal(
      value('overseer_program_exits_total', { name: 'manual', cause: 'stop-requested' }),
      '1',
    );
    assert.equal(families.get('overseer_program_exits_total')?.type, 'COUNTER');
    assert.ok(Number(value('overseer_program_memory_bytes', { name: 'web' })) > 1_000_000);
    assert.ok(
      Number(value('overseer_program_log_lines_total', { name: 'web', stream: 'stdout' })) >= 1,
    );
    assert.ok(Number(value('process_resident_memory_bytes', {})) > 1_000_000);
    assert.equal(value('overseer_programs', {}), '2');
  });

  it('/healthz is 200; /readyz is 503 naming the autostart program not RUNNING, then 200', async () => {
    await using sup = await setup();
    assert.equal((await http(sup.url, '/healthz')).status, 200);
    assert.deepEqual(JSON.parse((await http(sup.url, '/readyz')).body), { ready: true });
    await sup.get('web')?.stop();
    const reply = await http(sup.url, '/readyz');
    assert.equal(reply.status, 503);
    const body = JSON.parse(reply.body) as {
      ready: boolean;
      notReady: { name: string; state: string }[];
    };
    assert.deepEqual(
      body.notReady.map((p) => [p.name, p.state]),
      [['web', 'STOPPED']],
      'manual (autostart: false) does not count',
    );
    await sup.get('web')?.start();
    assert.equal((await http(sup.url, '/readyz')).status, 200);
  });

  it('a RUNNING program whose liveness check fails is not ready, and counted in /metrics', async () => {
    await using sup = testSupervisor();
    let alive = false;
    const sick = sup.add({
      name: 'sick',
      command: nodeFixture('sleep-forever.js'),
      startSecs: 0,
      liveness: { check: async () => alive, periodSecs: 0.05, failureThreshold: 1000 },
    });
    await sup.start();
    const server = await serveControl(sup, { port: 0 });
    try {
      await new Promise<void>((resolve) => {
        const poll = () => (sick.info().probeFailures > 0 ? resolve() : setTimeout(poll, 20));
        poll();
      });
      const reply = await http(server.url, '/readyz');
      assert.equal(reply.status, 503);
      assert.deepEqual(
        (JSON.parse(reply.body) as { notReady: unknown[] }).notReady.map((p) => {
          const { name, state, healthy } = p as { name: string; state: string; healthy: boolean };
          return [name, state, healthy];
        }),
        [['sick', 'RUNNING', false]],
      );
      const metrics = parsePrometheusTextFormat((await http(server.url, '/metrics')).body);
      const sample = (name: string) => metrics.find((f) => f.name === name)?.metrics[0]?.value;
      assert.equal(sample('overseer_program_healthy'), '0');
      assert.ok(Number(sample('overseer_program_probe_failures_total')) >= 1);
      alive = true;
      await new Promise<void>((resolve) => {
        const poll = () => (sick.info().healthy ? resolve() : setTimeout(poll, 20));
        poll();
      });
      assert.equal((await http(server.url, '/readyz')).status, 200);
    } finally {
      await server.close();
    }
  });

  it('readOnly: status works, every state change is refused', { skip: !PYTHON }, async () => {
    await using sup = await setup({ readOnly: true });
    const info = (await pythonRpc(sup.url, 'supervisor.getProcessInfo', ['web'], auth)) as {
      result: { statename: string };
    };
    assert.equal(info.result.statename, 'RUNNING');
    for (const [method, params] of [
      ['supervisor.stopProcess', ['web']],
      ['supervisor.stopAllProcesses', []],
      ['supervisor.sendProcessStdin', ['web', 'x']],
      ['supervisor.signalProcess', ['web', 'HUP']],
    ] as const) {
      const outcome = await pythonRpc(sup.url, method, [...params], auth);
      assert.deepEqual(outcome, {
        fault: 30,
        text: `FAILED: ${method} refused: this control server is read-only`,
      });
    }
    const action = await http(sup.url, '/action', {
      method: 'POST',
      headers: { Authorization: basic, 'Content-Type': 'application/json' },
      body: JSON.stringify({ action: 'stop', target: 'web' }),
    });
    assert.equal(action.status, 409);
    assert.equal(sup.get('web')?.state, 'RUNNING');
  });

  it('refuses what a browser on another site could send: text/plain RPC, foreign Origin, big bodies', async () => {
    await using sup = await setup();
    const call = '<methodCall><methodName>supervisor.stopAllProcesses</methodName></methodCall>';
    const plain = await http(sup.url, '/RPC2', {
      method: 'POST',
      headers: { Authorization: basic, 'Content-Type': 'text/plain' },
      body: call,
    });
    assert.equal(plain.status, 415);
    const foreign = await http(sup.url, '/RPC2', {
      method: 'POST',
      headers: { Authorization: basic, 'Content-Type': 'text/xml', Origin: 'http://evil.example' },
      body: call,
    });
    assert.equal(foreign.status, 403);
    const big = await http(sup.url, '/RPC2', {
      method: 'POST',
      headers: { Authorization: basic, 'Content-Type': 'text/xml' },
      body: 'x'.repeat(2 * 1024 * 1024),
    });
    assert.equal(big.status, 413);
    const dtd = await http(sup.url, '/RPC2', {
      method: 'POST',
      headers: { Authorization: basic, 'Content-Type': 'text/xml' },
      body: `<!DOCTYPE a [<!ENTITY x "y">]>${call}`,
    });
    assert.equal(dtd.status, 400);
    assert.equal(sup.get('web')?.state, 'RUNNING');
  });

  it('without credentials on loopback: served, but not under a foreign Host name (DNS rebinding)', async () => {
    await using sup = testSupervisor();
    const server = await serveControl(sup, { port: 0 });
    try {
      assert.equal((await http(server.url, '/')).status, 200);
      const rebound = await http(server.url, '/', {
        headers: { Host: `evil.example:${server.port}` },
      });
      assert.equal(rebound.status, 403);
      const local = await http(server.url, '/', { headers: { Host: `localhost:${server.port}` } });
      assert.equal(local.status, 200);
    } finally {
      await server.close();
    }
  });

  it('escapes names, descriptions and spawn errors in the page', async () => {
    await using sup = testSupervisor();
    sup.add({ name: 'x', command: ['/no/such/<img src=x onerror=alert(1)>'], startRetries: 0 });
    await sup.start();
    const server = await serveControl(sup, { port: 0 });
    try {
      const page = await http(server.url, '/');
      assert.doesNotMatch(page.body, /<img/);
      assert.match(page.body, /&lt;img src=x onerror=alert\(1\)&gt;/);
      assert.match(String(page.headers['content-security-policy']), /default-src 'none'/);
    } finally {
      await server.close();
    }
  });
});
