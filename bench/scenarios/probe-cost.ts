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
    const steadySecs = ctx.envInt('BENCH_PROBE_STEADY_S', 25, 12);
    const rounds = ctx.envInt('BENCH_PROBE_ROUNDS', 1, 1);
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
    const job = { n, url, settleSecs, steadySecs, windowSecs, tmpDir: ctx.tmpDir };
    const measure = async (
      periodSecs: number,
      label: string,
    ): Promise<ProbeResult & { rate: number }> =>
      ctx.repeat(rounds, async (i) => {
        ctx.log(`${label}, round ${i + 1} of ${rounds}`);
        let from = served;
        let to = served;
        const r = await measureProbeCost({ ...job, periodSecs }, (mark) => {
          if (mark === 'steady-start') from = served;
          else to = served;
        });
        await ctx.assertNoLeaks(`${ctx.name} / ${label}`);
        return { ...r, rate: (to - from) / windowSecs };
      });
    const base = await measure(0, `${n} programs, no probe`);
    const probed = await measure(1, `${n} programs, 1 s HTTP probe`);
    const delta = probed.cpuPercent - base.cpuPercent;
    const deltaEarly = probed.cpuPercentEarly - base.cpuPercentEarly;
    const perProbeUs = probed.rate > 0 ? ((delta / 100) * 1e6) / probed.rate : 0;
    return {
      goals: [
        {
          goal: '500 programs with a 1 s HTTP liveness probe: < 3 % of a core added (steady)',
          measured:
            `${delta.toFixed(2)} % of a core (${probed.cpuPercent.toFixed(2)} % with, ` +
            `${base.cpuPercent.toFixed(2)} % without; first window after the start: ` +
            `${deltaEarly.toFixed(2)} %${n === 500 ? '' : `; at ${n} programs`})`,
          met: n >= 500 && delta < 3,
        },
      ],
      tables: [
        {
          columns: [
            'host',
            'programs',
            'probes/s',
            'CPU % of a core (steady)',
            'added by probes %',
            'added, first window %',
            'µs per probe',
            'RSS MB',
            'failures',
          ],
          rows: [
            ['no probe (baseline)', n, 0, base.cpuPercent, null, null, null, base.rssMb, 0],
            [
              'HTTP liveness, periodSecs 1',
              n,
              probed.rate,
              probed.cpuPercent,
              delta,
              deltaEarly,
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
        `Median of ${rounds} round(s) (BENCH_PROBE_ROUNDS), each in a fresh host process: ${n} ` +
          `programs (BENCH_PROBE_PROGRAMS) started, then utime+stime of the host over two ` +
          `windows of ${windowSecs} s (BENCH_PROBE_WINDOW_S), each the median of its three thirds, ` +
          'in percent of one core: the first ' +
          `${settleSecs} s after the start (BENCH_PROBE_SETTLE_S), the steady one ${steadySecs} s ` +
          'after (BENCH_PROBE_STEADY_S). The goal uses the steady window: in the first seconds ' +
          "the host also pays for V8 compiling the probe path and for V8's memory reducer (two " +
          'full collections some 15-25 s after the start), once per process.',
        'probes/s is counted by the server during the steady window (the host marks its start ' +
          'and end); µs per probe is the CPU added in that window over that rate. "failures" ' +
          'counts failing health events in the steady window (0 expected: every probe should pass).',
      ],
    };
  },
} satisfies Scenario;
