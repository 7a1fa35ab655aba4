// The container's main process: one Node host supervising a web server and a pool of two
// workers, every line on the container's stdout with the program's name in front (so
// `docker logs` / `kubectl logs` can tell them apart), probe endpoints for Kubernetes, and a
// graceful stop on SIGTERM (docker stop, a pod's termination): SIGTERM to every child, then
// SIGKILL after stopWaitSecs. Run it under an init (tini, or `docker run --init`).
//   PORT         the web server's port (default 3000)
//   HEALTH_PORT  /healthz and /readyz (default 9001); 0 = any free port
import { createServer } from 'node:http';
import { Supervisor } from 'overseer';

const here = new URL('.', import.meta.url).pathname;
const toStdout = {
  stdoutLogfile: '/dev/stdout', // the container runtime collects the host's stdout
  stderrLogfile: '/dev/stderr',
  directory: here,
};

const sup = new Supervisor({ sampleIntervalMs: 0 });
sup.on('state', (c) => console.log(`overseer | ${c.name}: ${c.from} -> ${c.to}`));
sup.add({
  ...toStdout,
  name: 'web',
  command: ['node', 'web.js'],
  environment: { PORT: process.env.PORT ?? '3000' },
  readiness: { line: /listening on \d+/, timeoutSecs: 10 },
  stopWaitSecs: 10,
  logPrefix: '%(program_name)-8s | ',
});
sup.addPool({
  ...toStdout,
  name: 'worker',
  numprocs: 2,
  processName: '%(program_name)s_%(process_num)d',
  command: ['node', 'worker.js'],
  stopWaitSecs: 10,
  logPrefix: '%(program_name)s_%(process_num)d | ',
});

// Probes: alive while the host runs; ready when every program is RUNNING.
const health = createServer((req, res) => {
  const notRunning = sup.programs.filter((p) => p.state !== 'RUNNING').map((p) => p.name);
  const ready = req.url === '/readyz' ? notRunning.length === 0 : req.url === '/healthz';
  if (req.url !== '/healthz' && req.url !== '/readyz') res.statusCode = 404;
  else res.statusCode = ready ? 200 : 503;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(ready ? { ok: true } : { ok: false, notRunning }));
});
health.listen(Number(process.env.HEALTH_PORT ?? 9001), () => {
  console.log(`overseer | probes on ${health.address().port}`);
});
process.once('SIGTERM', () => health.close());

await sup.start();
