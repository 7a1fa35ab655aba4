import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { SystemClock } from '../../src/clock.js';
import { execAttempt } from '../../src/health/exec-probe.js';
import { KeepAliveProbe } from '../../src/health/http-keepalive.js';
import { httpAttempt } from '../../src/health/http-probe.js';
import { portAttempt } from '../../src/health/port-probe.js';
import { runAttempt } from '../../src/health/probe-attempt.js';
import { readPidFile, tempDir, waitGone } from '../helpers/processes.js';

const limits = (timeoutMs = 2000) => ({
  clock: new SystemClock(),
  timeoutMs,
  controller: new AbortController(),
});

async function server(
  handler: Parameters<typeof createServer>[1],
): Promise<Server & AsyncDisposable & { url: string }> {
  const s = createServer(handler);
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as { port: number };
  return Object.assign(s, {
    url: `http://127.0.0.1:${port}`,
    [Symbol.asyncDispose]: () =>
      new Promise<void>((resolve) => {
        s.closeAllConnections();
        s.close(() => resolve());
      }),
  });
}

describe('probes against real servers and processes', () => {
  it('http: 2xx/3xx pass by default, a listed status otherwise; the message says what came', async () => {
    await using s = await server((req, res) => {
      const status = Number(req.url?.slice(1)) || 200;
      res.writeHead(status).end(status === 503 ? 'db down' : 'ok');
    });
    const run = (path: string, status?: number[]) =>
      runAttempt(httpAttempt({ kind: 'http', url: `${s.url}/${path}`, status }), limits());
    assert.deepEqual(await run('200'), {
      ok: true,
      message: `HTTP 200 from ${s.url}/200`,
      found: { status: 200, url: `${s.url}/200`, body: 'ok' },
    });
    assert.equal((await run('302')).ok, true, 'redirects are answers, not followed');
    assert.equal((await run('204', [200, 204])).ok, true);
    assert.deepEqual(await run('503'), {
      ok: false,
      message: `HTTP 503 from ${s.url}/503 (expected 200-399): db down`,
    });
    assert.match((await run('200', [204])).message, /expected 204/);
  });

  it('http: a server that never answers times out; nothing listening is a readable error', async () => {
    await using s = await server(() => {});
    const hung = await runAttempt(
      httpAttempt({ kind: 'http', url: `${s.url}/`, status: undefined }),
      limits(200),
    );
    assert.deepEqual(hung, { ok: false, message: 'timed out after 200 ms' });
    const port = (s.address() as { port: number }).port;
    await new Promise<void>((resolve) => {
      s.closeAllConnections();
      s.close(() => resolve());
    });
    const refused = await runAttempt(
      httpAttempt({ kind: 'http', url: `http://127.0.0.1:${port}/`, status: undefined }),
      limits(),
    );
    assert.match(
      refused.message,
      /^GET http:\/\/127\.0\.0\.1:\d+\/ failed: fetch failed \(ECONNREFUSED\)$/,
    );
  });

  it('http liveness: one kept-alive connection, opened again after the server closes it', async () => {
    let connections = 0;
    await using s = await server((req, res) => {
      if (req.url === '/bye') res.setHeader('connection', 'close');
      res.writeHead(req.url === '/down' ? 503 : 200).end(req.url === '/down' ? 'db down' : 'ok');
    });
    s.on('connection', () => connections++);
    const probe = new KeepAliveProbe({ kind: 'http', url: `${s.url}/health`, status: undefined });
    for (let i = 0; i < 3; i++) assert.equal((await runAttempt(probe.attempt, limits())).ok, true);
    assert.equal(connections, 1);
    const bye = new KeepAliveProbe({ kind: 'http', url: `${s.url}/bye`, status: undefined });
    for (let i = 0; i < 2; i++) assert.equal((await runAttempt(bye.attempt, limits())).ok, true);
    assert.equal(connections, 3, 'Connection: close is honoured');
    const down = new KeepAliveProbe({ kind: 'http', url: `${s.url}/down`, status: undefined });
    assert.deepEqual(await runAttempt(down.attempt, limits()), {
      ok: false,
      message: `HTTP 503 from ${s.url}/down (expected 200-399): db down`,
    });
    for (const p of [probe, bye, down]) p.close();
  });

  it('port: connects or says why', async () => {
    await using s = await server((_req, res) => res.end());
    const { port } = s.address() as { port: number };
    assert.equal((await runAttempt(portAttempt(port, '127.0.0.1'), limits())).ok, true);
  });

  it('exec: exit 0 passes, another code fails with the last output, no shell unless asked', async () => {
    const place = { cwd: undefined, env: undefined };
    const pass = await runAttempt(execAttempt({ kind: 'exec', argv: ['true'] }, place), limits());
    assert.equal(pass.ok, true);
    const fail = await runAttempt(
      execAttempt({ kind: 'exec', argv: ['/bin/sh', '-c', 'echo not ready >&2; exit 3'] }, place),
      limits(),
    );
    assert.deepEqual(fail, {
      ok: false,
      message: '/bin/sh -c echo not ready >&2; exit 3 exited 3: not ready',
    });
    const literal = await runAttempt(
      execAttempt({ kind: 'exec', argv: ['echo', '$HOME'] }, place),
      limits(),
    );
    assert.deepEqual(literal.found, { output: '$HOME' });
    const missing = await runAttempt(
      execAttempt({ kind: 'exec', argv: ['no-such-probe-cmd'] }, place),
      limits(),
    );
    assert.match(missing.message, /no-such-probe-cmd: spawn no-such-probe-cmd ENOENT/);
  });

  it('exec: a probe that hangs is killed at its timeout, with everything it started', async () => {
    await using dir = await tempDir();
    const pids = join(dir.path, 'pids');
    const script = `echo $$ > ${pids}.a; sleep 30 & echo $! > ${pids}.b; wait`;
    const outcome = await runAttempt(
      execAttempt(
        { kind: 'exec', argv: ['/bin/sh', '-c', script] },
        { cwd: dir.path, env: undefined },
      ),
      limits(300),
    );
    assert.deepEqual(outcome, { ok: false, message: 'timed out after 300 ms' });
    const shell = await readPidFile(`${pids}.a`);
    const sleeper = await readPidFile(`${pids}.b`);
    assert.ok(await waitGone(shell, 2000), 'the probe process is gone');
    assert.ok(await waitGone(sleeper, 2000), 'and what it started too');
  });
});
