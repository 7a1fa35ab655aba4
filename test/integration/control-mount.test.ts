import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import express from 'express';
import Fastify from 'fastify';
import { controlHandler } from '../../src/control/index.js';
import { PYTHON, pythonRpc } from '../helpers/control.js';
import { nodeFixture, testSupervisor } from '../helpers/processes.js';

const auth = { username: 'u', password: 'p' };
const authorization = `Basic ${Buffer.from('u:p').toString('base64')}`;

function get(url: string, headers: Record<string, string> = {}, method = 'GET', body?: string) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => {
        text += c.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const listen = (server: Server) =>
  new Promise<string>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );
const close = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

/** What every mount must do: the page with its assets under the prefix, RPC, actions, the rest left alone. */
async function checkMount(base: string, sup: ReturnType<typeof testSupervisor>) {
  const page = await get(`${base}/supervisor/`, { authorization });
  assert.equal(page.status, 200);
  assert.match(page.body, /<script src="\/supervisor\/page\.js" defer>/);
  assert.equal((await get(`${base}/supervisor/page.js`, { authorization })).status, 200);
  assert.equal((await get(`${base}/supervisor/`)).status, 401);
  assert.equal((await get(`${base}/supervisor/healthz`)).status, 200);
  assert.equal((await get(`${base}/elsewhere`)).body, 'app');
  if (PYTHON) {
    const info = await pythonRpc(`${base}/supervisor`, 'supervisor.getProcessInfo', ['web'], auth);
    assert.equal((info as { result: { statename: string } }).result.statename, 'RUNNING');
  }
  const stop = await get(
    `${base}/supervisor/action`,
    { authorization, 'content-type': 'application/json' },
    'POST',
    JSON.stringify({ action: 'stop', target: 'web' }),
  );
  assert.equal(stop.status, 200, stop.body);
  await sup.get('web')?.waitFor('STOPPED', { timeoutMs: 10_000 });
}

async function supervised() {
  const sup = testSupervisor();
  sup.add({ name: 'web', command: nodeFixture('sleep-forever.js'), startSecs: 0 });
  await sup.start();
  return sup;
}

describe('controlHandler mounted in the host application', () => {
  it('node:http', async () => {
    await using sup = await supervised();
    const handler = controlHandler(sup, { ...auth, basePath: '/supervisor' });
    const server = createServer((req, res) => {
      if (req.url?.startsWith('/supervisor')) handler(req, res);
      else res.end('app');
    });
    try {
      await checkMount(await listen(server), sup);
    } finally {
      handler.close();
      await close(server);
    }
  });

  it('Express: app.use(path, handler)', async () => {
    await using sup = await supervised();
    const handler = controlHandler(sup, { ...auth, basePath: '/supervisor' });
    const app = express();
    app.use('/supervisor', handler);
    app.get('/elsewhere', (_req, res) => {
      res.send('app');
    });
    const server = createServer(app);
    try {
      await checkMount(await listen(server), sup);
    } finally {
      handler.close();
      await close(server);
    }
  });

  it('Fastify: an onRequest hook hands the raw request over before any body parsing', async () => {
    await using sup = await supervised();
    const handler = controlHandler(sup, { ...auth, basePath: '/supervisor' });
    const app = Fastify();
    app.addHook('onRequest', (req, reply, done) => {
      if (!req.url.startsWith('/supervisor')) return done();
      reply.hijack();
      handler(req.raw, reply.raw);
    });
    app.get('/elsewhere', async () => 'app');
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = app.server.address() as AddressInfo;
      await checkMount(`http://127.0.0.1:${port}`, sup);
    } finally {
      handler.close();
      await app.close();
    }
  });
});
