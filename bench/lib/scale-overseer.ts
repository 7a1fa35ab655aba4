/**
 * overseer's side of a scale-curves point (lib/scale-host.ts): a Supervisor with its defaults
 * (1 s sampling, log files in tmpDir; the host-death watchdog only when job.watchdog) and n
 * `/bin/sleep` programs added one by one, started, measured, served by overseer/control's
 * serveControl(), then stopped.
 */
import { performance } from 'node:perf_hooks';
import { loadControl, loadOverseer, type OverseerModule } from './peers/overseer.js';
import type { ScaleJob, ScaleOps, ScaleSubject, ScaleUrls } from './scale-host.js';
import { median } from './stats.js';

type Supervisor = InstanceType<OverseerModule['Supervisor']>;

/** The same options for add() and for the update() configuration (same fingerprint). */
const programOptions = (i: number, seconds = 86400) => ({
  name: `scale${i}`,
  command: ['/bin/sleep', String(seconds)],
  startSecs: 0,
});

const cpuMs = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1000;

/** Resolves once `count` more 'stats' events have come (a whole sampling pass of count programs). */
function nextPass(sup: Supervisor, count: number): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0;
    const off = sup.on('stats', () => {
      if (++seen < count) return;
      off();
      resolve();
    });
  });
}

/** Host CPU milliseconds per sampling pass, over `passes` whole passes (window edges on pass ends). */
async function samplingCpu(sup: Supervisor, n: number, passes: number): Promise<number> {
  await nextPass(sup, n);
  const before = process.cpuUsage();
  for (let i = 0; i < passes; i++) await nextPass(sup, n);
  return cpuMs(process.cpuUsage(before)) / passes;
}

async function timed(fn: () => unknown): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

export async function overseerSubject(job: ScaleJob): Promise<ScaleSubject> {
  const { Supervisor } = await loadOverseer();
  const { serveControl } = await loadControl();
  const sup = new Supervisor({
    handleSignals: false,
    logDir: job.tmpDir,
    killOnHostDeath: job.watchdog,
  });
  let server: Awaited<ReturnType<typeof serveControl>> | undefined;
  const all = Array.from({ length: job.n }, (_, i) => programOptions(i));
  return {
    async start(): Promise<ScaleOps> {
      const add = await timed(() => {
        for (const options of all) sup.add(options);
      });
      const start = await timed(() => sup.start());
      const down = sup.programs.filter((p) => p.state !== 'RUNNING').length;
      if (down > 0) throw new Error(`overseer: ${down} of ${job.n} not RUNNING after start()`);
      return { add, start };
    },
    async measure(): Promise<ScaleOps> {
      const sampling = await samplingCpu(sup, job.n, job.passes);
      const infos: number[] = [];
      for (let r = 0; r < job.repeats; r++) {
        infos.push(await timed(() => sup.programs.map((p) => p.info())));
      }
      // One program's command changes: update() diffs all n, replaces that one (stop, start).
      const changed = [programOptions(0, 86401), ...all.slice(1)];
      const update = await timed(() => sup.update({ programs: changed }));
      return { sampling, info: median(infos), update };
    },
    async serve(): Promise<ScaleUrls> {
      server = await serveControl(sup, { port: 0 });
      return { metrics: `${server.url}/metrics`, page: `${server.url}/` };
    },
    async stop(): Promise<ScaleOps> {
      const stop = await timed(() => sup.stop());
      await server?.close();
      await sup[Symbol.asyncDispose]();
      return { stop };
    },
  };
}
