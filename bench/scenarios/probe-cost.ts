/** What HTTP liveness probes cost the host: 500 programs probed every second. */
import { createServer } from 'node:http';
import { measureProbeCost, type ProbeResult } from '../lib/probe-host.js';
import type { Scenario } from '../lib/types.js';

export default {
  name: 'probe-cost',
  title: 'Liveness probe cost: 500 programs with a 1 s HTTP probe',
  description:
    'The CPU of the host process (node, the compiled harness, overseer from dist/) while it supervises 500 idle ' +
    'programs (`/bin/sleep`), each with `liveness: { http, periodSecs: 1 }`: 500 GETs a ' +
    'second, each program on its own kept-alive connection (overseer writes the request ' +
    'and reads the response itself; fetch serves only https:// probes and readiness). The URL ' +
    'is served by a small HTTP server in the bench ' +
    "runner's process, so only the prober is measured. The same 500 programs without a " +
    'probe are the baseline; sampling is off in both (sampleIntervalMs 0). Goal: the probes ' +
    'add less than 3 % of one core.',
  async run(ctx) {
    const n = ctx.envInt('BENCH_PROBE_PROGRAMS', 500, 50);
    const windowSecs = ctx.envInt('BENCH_PROBE_WINDOW_S', 8, 5);
    const settleSecs = ctx.envInt('BENCH_PROBE_SETTLE_S', 3, 3);
    const rounds = ctx.envInt('BENCH_PROBE_ROUNDS', 2, 1);
    let served = 0;
    const server = createServer((_req, res) => {
      served++;
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' }).end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    ctx.onCleanup(
      () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    );
    const { port } = server.address() as { port: number };
    const url = `http://127.0.0.1:${port}/health`;
    const job = { n, url, settleSecs, windowSecs, tmpDir: ctx.tmpDir };
    const measure = async (
      periodSecs: number,
      label: string,
    ): Promise<ProbeResult & { rate: number }> =>
      ctx.repeat(rounds, async (i) => {
        ctx.log(`${label}, round ${i + 1} of ${rounds}`);
        const before = served;
        const r = await measureProbeCost({ ...job, periodSecs });
        await ctx.assertNoLeaks(`${ctx.name} / ${label}`);
        const rate = (served - before) / (windowSecs + settleSecs + 2);
        return { ...r, rate };
      });
    const base = await measure(0, `${n} programs, no probe`);
    const probed = await measure(1, `${n} programs, 1 s HTTP probe`);
    const delta = probed.cpuPercent - base.cpuPercent;
    const perProbeUs = probed.rate > 0 ? ((delta / 100) * 1e6) / probed.rate : 0;
    return {
      goals: [
        {
          goal: '500 programs with a 1 s HTTP liveness probe: < 3 % of a core added',
          measured:
            `${delta.toFixed(2)} % of a core (${probed.cpuPercent.toFixed(2)} % with, ` +
            `${base.cpuPercent.toFixed(2)} % without${n === 500 ? '' : `; at ${n} programs`})`,
          met: n >= 500 && delta < 3,
        },
      ],
      tables: [
        {
          columns: [
            'host',
            'programs',
            'probes/s',
            'CPU % of a core',
            'added by probes %',
            'µs per probe',
            'RSS MB',
            'failures',
          ],
          rows: [
            ['no probe (baseline)', n, 0, base.cpuPercent, null, null, base.rssMb, 0],
            [
              'HTTP liveness, periodSecs 1',
              n,
              probed.rate,
              probed.cpuPercent,
              delta,
              perProbeUs,
              probed.rssMb,
              probed.failures,
            ],
          ],
        },
      ],
      ratios: [
        {
          label: 'CPU the probes add / the goal (3 % of a core)',
          value: delta / 3,
          note: '< 1: goal met',
        },
      ],
      notes: [
        `Median of ${rounds} rounds (BENCH_PROBE_ROUNDS), each in a fresh host process: ${n} ` +
          `programs (BENCH_PROBE_PROGRAMS) started, ${settleSecs} s to settle ` +
          `(BENCH_PROBE_SETTLE_S), then utime+stime of the host over ${windowSecs} s ` +
          '(BENCH_PROBE_WINDOW_S), in percent of one core.',
        'probes/s is counted by the server over each host lifetime (an approximation of the ' +
          'rate in the window). "failures" counts failing health events in the window (0 ' +
          'expected: every probe should pass).',
      ],
    };
  },
} satisfies Scenario;
