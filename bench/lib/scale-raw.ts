/**
 * The raw side of a scale-curves point (lib/scale-host.ts): bare child_process with no
 * bookkeeping, doing the least each operation needs. spawn n `/bin/sleep` (stdin, stdout and
 * stderr piped, like every supervised program; stdout and stderr drained); a sampling pass = reading /proc/<pid>/stat of n pids; an update of one
 * program = one respawn; info() = a plain record per ChildProcess; /metrics = n lines of
 * Prometheus text rendered and served by a bare node:http server; stop = SIGTERM to all.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { ScaleJob, ScaleOps, ScaleSubject, ScaleUrls } from './scale-host.js';
import { median } from './stats.js';

function launch(): Promise<ChildProcess> {
  // stdin piped too: a supervisor must be able to write to it (supervisord does the same).
  const child = spawn('/bin/sleep', ['86400'], { stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdout!.resume();
  child.stderr!.resume();
  return new Promise((resolve, reject) => {
    child.once('spawn', () => resolve(child));
    child.once('error', reject);
  });
}

function terminate(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** utime + stime ticks of each pid, from /proc/<pid>/stat (the minimum a CPU sample needs). */
async function readStats(pids: readonly number[]): Promise<number> {
  const texts = await Promise.all(pids.map((pid) => readFile(`/proc/${pid}/stat`, 'latin1')));
  let ticks = 0;
  for (const text of texts) {
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks;
}

const cpuMs = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1000;

function metricsText(children: readonly ChildProcess[]): string {
  let out = '# HELP raw_up 1 while the child runs.\n# TYPE raw_up gauge\n';
  children.forEach((c, i) => {
    out += `raw_up{name="scale${i}"} ${c.exitCode === null ? 1 : 0}\n`;
  });
  return out;
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
}

export function rawSubject(job: ScaleJob): ScaleSubject {
  let children: ChildProcess[] = [];
  let server: Server | undefined;
  return {
    async start(): Promise<ScaleOps> {
      const t0 = performance.now();
      children = await Promise.all(Array.from({ length: job.n }, launch));
      return { start: performance.now() - t0 };
    },
    async measure(): Promise<ScaleOps> {
      const pids = children.map((c) => c.pid!);
      const cpu: number[] = [];
      for (let r = 0; r < job.passes + 1; r++) {
        const before = process.cpuUsage();
        await readStats(pids);
        if (r > 0) cpu.push(cpuMs(process.cpuUsage(before)));
      }
      const infos: number[] = [];
      for (let r = 0; r < job.repeats; r++) {
        const t0 = performance.now();
        children.map((c) => ({ pid: c.pid, exitCode: c.exitCode, signal: c.signalCode }));
        infos.push(performance.now() - t0);
      }
      const t0 = performance.now();
      await terminate(children[0]!);
      children[0] = await launch();
      const update = performance.now() - t0;
      return { sampling: median(cpu), info: median(infos), update };
    },
    async serve(): Promise<ScaleUrls> {
      server = createServer((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' });
        res.end(metricsText(children));
      });
      const port = await listen(server);
      return { metrics: `http://127.0.0.1:${port}/metrics` };
    },
    async stop(): Promise<ScaleOps> {
      const t0 = performance.now();
      await Promise.all(children.map(terminate));
      const stop = performance.now() - t0;
      server?.closeAllConnections();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      return { stop };
    },
  };
}
