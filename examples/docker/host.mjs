// The container's main process: one Node host supervising a web server and a pool of two
// workers, every line on the container's stdout with the program's name in front (so
// `docker logs` / `kubectl logs` can tell them apart), probe endpoints for Kubernetes, and a
// graceful stop on SIGTERM (docker stop, a pod's termination): SIGTERM to every child, then
// SIGKILL after stopWaitSecs. Run it under an init (tini, or `docker run --init`).
//   PORT              the web server's port (default 3000)
//   HEALTH_PORT       overseer/control (default 9001; 0 = any free port): /healthz and
//                     /readyz for the probes (no credentials), and the status page,
//                     /RPC2 for supervisorctl and /metrics
//   CONTROL_USERNAME, CONTROL_PASSWORD   credentials for the control surface; without
//                     them it is read-only (the port is reachable from outside the pod)
import { createServer } from 'node:http';
import { Supervisor } from 'overseer';
import { controlHandler } from 'overseer/control';

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

// Probes and control: /healthz answers while the host runs, /readyz is 200 once every
// autostart program is RUNNING (503 naming who is not).
const { CONTROL_USERNAME: username, CONTROL_PASSWORD: password } = process.env;
const control = controlHandler(
  sup,
  username && password ? { username, password } : { readOnly: true },
);
const health = createServer(control);
health.listen(Number(process.env.HEALTH_PORT ?? 9001), () => {
  console.log(`overseer | probes on ${health.address().port}`);
});
process.once('SIGTERM', () => health.close());

await sup.start();
