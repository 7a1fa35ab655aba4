/** The supervisor's own RSS and CPU with 1, 100 and 500 idle children, per peer. */

import { spawnHost } from '../lib/host.js';
import { envSizes, MB, measureUsage } from '../lib/measure.js';
import { IN_PROCESS, idleSpecs, type PeerName, selectedPeers } from '../lib/peers/driver.js';
import { procUsage } from '../lib/procscan.js';
import { ratio } from '../lib/stats.js';
import type { Context, Ratio, Scenario } from '../lib/types.js';
import { sleep } from '../lib/util.js';
import { withDriver } from '../lib/with-driver.js';

interface Variant {
  readonly label: string;
  readonly peer: PeerName;
  readonly sampleIntervalMs?: number;
}

interface Row {
  readonly label: string;
  readonly peer: PeerName;
  readonly n: number;
  /** RSS of the supervising process while the children idle. */
  readonly rss: number;
  /** RSS before any program ran (in-process: the host with the library loaded). */
  readonly base: number;
  /** In-process: RSS the library's code adds when imported (not counted in cost). */
  readonly load: number | null;
  /** What the user pays: RSS delta for in-process peers, the whole daemon for daemons. */
  readonly cost: number;
  readonly cpu: number;
  readonly startMs: number;
}

export default {
  name: 'idle-overhead',
  title: 'Idle overhead: the supervisor with 1 and 500 idle children',
  description:
    "RSS and CPU of the supervising process while its children sleep: pm2's daemon, " +
    "supervisord's process, and for the in-process libraries a host process (node and the compiled harness) " +
    'running only that library, measured from outside through /proc the same way. The ' +
    'children are `/bin/sleep 86400` (their own memory is not counted).',
  async run(ctx) {
    const sizes = envSizes('BENCH_IDLE_SIZES', [1, 500], [1, 20]);
    const windowMs = ctx.envInt('BENCH_IDLE_WINDOW_S', 3, 2) * 1000;
    const settleMs = ctx.envInt('BENCH_IDLE_SETTLE_S', 1, 1) * 1000;
    // Sampling off is measured by sampling-overhead; here only on request (run time).
    const withOff = process.env.BENCH_IDLE_SAMPLING_OFF === '1';
    const variants: Variant[] = selectedPeers().flatMap((peer): Variant[] =>
      peer === 'overseer'
        ? [
            { label: 'overseer', peer },
            ...(withOff ? [{ label: 'overseer (sampling off)', peer, sampleIntervalMs: 0 }] : []),
          ]
        : [{ label: peer, peer }],
    );
    const rows: Row[] = [];
    const notes: string[] = [];
    for (const n of sizes) {
      for (const v of variants) {
        ctx.log(`${v.label}: ${n} idle children`);
        try {
          const row = IN_PROCESS.includes(v.peer)
            ? await inHost(ctx, v, n, settleMs, windowMs)
            : await daemon(ctx, v, n, settleMs, windowMs);
          if (row) rows.push(row);
        } catch (e) {
          notes.push(`${v.label} with ${n} children failed: ${(e as Error).message}`);
          ctx.log(`${v.label} failed: ${(e as Error).stack}`);
        }
      }
    }
    const ratios: Ratio[] = [];
    const largest = Math.max(...sizes);
    const ours = rows.find((r) => r.label === 'overseer' && r.n === largest);
    if (ours) {
      for (const r of rows.filter((x) => x.n === largest && x.peer !== 'overseer')) {
        ratios.push({
          label: `memory cost, ${largest} children: overseer / ${r.label}`,
          value: ratio(ours.cost, r.cost),
          note: r.label === 'raw' ? 'cost over bare ChildProcess objects' : '< 1: overseer lighter',
        });
      }
      for (const r of rows.filter((x) => x.n === largest && x.label !== 'overseer')) {
        if (r.cpu <= 0) continue;
        ratios.push({
          label: `CPU, ${largest} idle children: overseer / ${r.label}`,
          value: ratio(ours.cpu, r.cpu),
          note: '< 1: overseer uses less CPU',
        });
      }
    }
    notes.push(
      'cost = the RSS the user pays for supervision: for an in-process library the growth of ' +
        'the host over its baseline (node and the harness with the library imported); for a daemon its ' +
        'whole RSS (the daemon exists only to supervise). "code load" is what importing the ' +
        'library added to the bare host, shown apart (overseer is the packed package, dist/ ' +
        'as users install it; the host harness is compiled JavaScript). RSS is the median of samples ' +
        `every 250 ms over a ${windowMs / 1000} s window (BENCH_IDLE_WINDOW_S) that starts ` +
        `${settleMs / 1000} s (BENCH_IDLE_SETTLE_S) after every child is running; CPU is ` +
        'utime+stime over that window, in percent of one core (resolution: 1 clock tick, 10 ms).',
      "overseer runs with its defaults, which sample every program's CPU and memory once a " +
        'second (sampleIntervalMs 1000); "sampling off" (sampleIntervalMs 0) is measured by ' +
        'sampling-overhead, and here with BENCH_IDLE_SAMPLING_OFF=1. pm2 samples its ' +
        'apps too (its daemon runs its own workers); supervisord does not sample. ' +
        'pm2 is measured on its daemon alone: the API client in the harness is not counted.',
      `Sizes: ${sizes.join(', ')} (BENCH_IDLE_SIZES; 1,100,500 adds the middle point, ` +
        'left out by default to keep the whole run under 15 minutes). "start" is the time ' +
        'startAll() took, ' +
        'informative only (the cold-start scenario measures it properly).',
    );
    return {
      tables: [
        {
          columns: [
            'supervisor',
            'children',
            'RSS MB',
            'baseline MB',
            'code load MB',
            'cost MB',
            'CPU %',
            'start ms',
          ],
          rows: rows.map((r) => [
            r.label,
            r.n,
            r.rss / MB,
            r.base / MB,
            r.load === null ? null : r.load / MB,
            r.cost / MB,
            r.cpu,
            r.startMs,
          ]),
        },
      ],
      ratios,
      notes,
    };
  },
} satisfies Scenario;

/** A daemon peer driven from the harness; measures the daemon's pid. */
async function daemon(
  ctx: Context,
  v: Variant,
  n: number,
  settleMs: number,
  windowMs: number,
): Promise<Row | undefined> {
  const out = await withDriver(ctx, v.peer, async (driver) => {
    await driver.prepare(idleSpecs(n));
    const pid = driver.supervisorPid()!;
    const base = procUsage(pid)!.rss;
    const t0 = performance.now();
    await driver.startAll();
    const startMs = performance.now() - t0;
    await sleep(settleMs);
    const usage = await measureUsage(pid, windowMs);
    await driver.stopAll();
    return { base, startMs, usage };
  });
  if (!out.ok) throw new Error(out.error);
  const { base, startMs, usage } = out.value;
  return {
    label: v.label,
    peer: v.peer,
    n,
    rss: usage.rss,
    base,
    load: null,
    cost: usage.rss,
    cpu: usage.cpuPercent,
    startMs,
  };
}

/** An in-process peer in its own host process; measures the host's pid. */
async function inHost(
  ctx: Context,
  v: Variant,
  n: number,
  settleMs: number,
  windowMs: number,
): Promise<Row> {
  const host = spawnHost();
  try {
    await host.expect('ready');
    await sleep(300);
    const bare = procUsage(host.pid)!.rss;
    host.send({
      type: 'load',
      peer: v.peer,
      tmpDir: ctx.tmpDir,
      ...(v.sampleIntervalMs !== undefined ? { sampleIntervalMs: v.sampleIntervalMs } : {}),
    });
    await host.expect('loaded');
    await sleep(300);
    const base = procUsage(host.pid)!.rss;
    host.send({ type: 'start', specs: idleSpecs(n) });
    const { ms: startMs } = await host.expect('started');
    await sleep(settleMs);
    const usage = await measureUsage(host.pid, windowMs);
    host.send({ type: 'stop' });
    await host.expect('stopped');
    return {
      label: v.label,
      peer: v.peer,
      n,
      rss: usage.rss,
      base,
      load: base - bare,
      cost: usage.rss - base,
      cpu: usage.cpuPercent,
      startMs,
    };
  } finally {
    await host.close();
    await ctx.assertNoLeaks(`${ctx.name} / ${v.label} / ${n}`);
  }
}
