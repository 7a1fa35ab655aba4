/**
 * An Express server that embeds a worker pool: overseer keeps two workers alive next to the
 * web server, in the same process tree, and the API scales them at runtime.
 *
 *   GET  /workers          the pool: name, state, pid, uptime of each member
 *   POST /workers/scale/N  resize the pool to N (1..8)
 *   /supervisor/           overseer/control: the live status page, /supervisor/RPC2 for
 *                          supervisorctl, /supervisor/metrics, /supervisor/healthz, /readyz
 *
 * Run: npx tsx examples/express-app/server.ts   (PORT=3000 by default; 0 = any free port)
 * Stop with Ctrl-C or SIGTERM: the server closes, then every worker is stopped.
 */
import { fileURLToPath } from 'node:url';
import express from 'express';
import { Supervisor } from 'overseer';
import { controlHandler } from 'overseer/control';

const worker = fileURLToPath(new URL('../programs/worker.js', import.meta.url));

const sup = new Supervisor({ sampleIntervalMs: 0 });
sup.on('state', (c) => console.log(`[overseer] ${c.name}: ${c.from} -> ${c.to}`));
const pool = sup.addPool({
  name: 'worker',
  command: [process.execPath, worker],
  numprocs: 2,
  processName: '%(program_name)s_%(process_num)02d',
  environment: { SLOT: '%(process_num)d' },
  startSecs: 0.2,
  stopWaitSecs: 5,
});

const app = express();
// Mounted before any body parser: it reads its own request bodies (XML-RPC, page actions).
// The server listens on loopback only; anywhere else, give it a username and password.
app.use('/supervisor', controlHandler(sup, { basePath: '/supervisor' }));
app.get('/workers', (_req, res) => {
  res.json(
    pool.members.map((p) => ({
      name: p.name,
      state: p.state,
      pid: p.pid,
      description: p.info().description,
    })),
  );
});
app.post('/workers/scale/:n', async (req, res) => {
  const n = Number(req.params.n);
  if (!Number.isInteger(n) || n < 1 || n > 8) {
    res.status(400).json({ error: 'the pool size must be an integer from 1 to 8' });
    return;
  }
  await pool.scale(n);
  await Promise.all(pool.members.map((p) => p.waitFor('RUNNING', { timeoutMs: 10_000 })));
  res.json({ size: pool.members.length, members: pool.members.map((p) => p.name) });
});

await sup.start();
const server = app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening on ${typeof address === 'object' && address ? address.port : address}`);
});

// overseer stops its children on SIGTERM/SIGINT by itself; close the HTTP server first so no
// request arrives at a pool being stopped.
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => server.close());
}
