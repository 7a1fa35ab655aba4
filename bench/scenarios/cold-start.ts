/** Cold start of 100 programs to RUNNING, and their full stop, per peer and against raw spawn. */
import { performance } from 'node:perf_hooks';
import { spawnHost } from '../lib/host.js';
import { IN_PROCESS, type PeerName, type ProgramSpec, selectedPeers } from '../lib/peers/driver.js';
import { medianOfFields, ratio } from '../lib/stats.js';
import type { Context, Goal, Ratio, Scenario } from '../lib/types.js';
import { sleep } from '../lib/util.js';
import { withDriver } from '../lib/with-driver.js';

interface Times extends Record<string, number> {
  prepare: number;
  start: number;
  stop: number;
}

export default {
  name: 'cold-start',
  title: 'Cold start of 100 programs, and full stop',
  description:
    'Time from asking the supervisor to start 100 configured programs (startsecs 0, the ' +
    'fixture is `/bin/sleep 86400`) until it reports all of them running, and then from ' +
    'asking it to stop everything until it reports all stopped. The limit is 100 raw ' +
    "`child_process.spawn` calls awaited to their 'spawn' event, then SIGTERM to each " +
    "awaited to 'exit'.",
  async run(ctx) {
    const n = ctx.envInt('BENCH_COLD_N', 100, 20);
    const reps = ctx.envInt('BENCH_COLD_REPEAT', 5, 2);
    const settleMs = ctx.envInt('BENCH_COLD_SETTLE_MS', 500, 300);
    const specs: ProgramSpec[] = Array.from({ length: n }, (_, i) => ({
      name: `app${i}`,
      argv: ['/bin/sleep', '86400'],
    }));
    const results = new Map<PeerName, Times>();
    const rows: (string | number | null)[][] = [];
    const notes: string[] = [];
    const peers = selectedPeers();
    const fresh = await inFreshHosts(
      ctx,
      peers.filter((peer) => IN_PROCESS.includes(peer)),
      { reps, specs, settleMs },
      notes,
    );
    for (const peer of peers) {
      const times =
        fresh.get(peer) ?? (await viaDriver(ctx, peer, { reps, specs, settleMs }, notes));
      results.set(peer, times);
      rows.push([peer, times.start, times.stop, times.start + times.stop, times.prepare]);
    }

    const ratios: Ratio[] = [];
    const ours = results.get('overseer');
    const raw = results.get('raw');
    if (ours) {
      if (raw) {
        const r = ratio(ours.start, raw.start);
        ratios.push(
          {
            label: `start ${n}: overseer / raw spawn (the limit)`,
            value: r,
            note: 'target < 1.5',
          },
          {
            label: `stop ${n}: overseer / raw kill (the limit)`,
            value: ratio(ours.stop, raw.stop),
            note: 'cost over the limit',
          },
        );
        notes.push(
          `Target: overseer start within 1.5x of raw spawn. Measured ${r.toFixed(2)}x: ` +
            `${r < 1.5 ? 'met' : 'MISSED'}.`,
        );
      }
      for (const [peer, t] of results) {
        if (peer === 'overseer' || peer === 'raw') continue;
        ratios.push(
          {
            label: `start ${n}: overseer / ${peer}`,
            value: ratio(ours.start, t.start),
            note: '< 1: overseer faster',
          },
          {
            label: `stop ${n}: overseer / ${peer}`,
            value: ratio(ours.stop, t.stop),
            note: '< 1: overseer faster',
          },
        );
      }
    }
    notes.push(
      `${n} programs (BENCH_COLD_N), median of ${reps} runs (BENCH_COLD_REPEAT), each with a ` +
        'fresh supervisor. "start" and "stop" are timed; "prepare" (not part of the ratios) is ' +
        'configuring the programs: add() for the libraries, writing the config and booting the ' +
        'daemon for supervisord, connecting (and spawning the daemon) for pm2.',
      'overseer: `await supervisor.start()` then `await supervisor.stop()`; supervisord: ' +
        'XML-RPC startAllProcesses(wait) / stopAllProcesses(wait); pm2: `pm2.start({ apps })` ' +
        "/ `pm2.stop('all')`; forever-monitor and respawn: start() on each monitor, awaited to " +
        "the child's 'spawn' event, and stop() awaited to the exit. All stop with SIGTERM except " +
        'forever-monitor, whose stop sends SIGKILL (its default killSignal). forever-monitor ' +
        'and respawn find the process tree with `ps` on every stop.',
      `Between start and stop the harness waits ${settleMs} ms, untimed (BENCH_COLD_SETTLE_MS).`,
      'The in-process peers (overseer, forever-monitor, respawn, raw) run every round in a ' +
        'fresh host process of their own (lib/host.ts, plain node) and are timed inside it, ' +
        'round by round (overseer, forever-monitor, respawn, raw, then the other way round): ' +
        'measured one peer after the other, five rounds each, the stop of 100 read 1.81x and ' +
        '2.34x raw in two runs of the same code, raw 21.5 and 17.3 ms, a minute after overseer; ' +
        "the daemons' clients (supervisord, pm2) run in the runner. In the runner's own " +
        'process, after the earlier scenarios had run every peer there, the same stop of 100 ' +
        'measured 33-49 ms for overseer and 10-16 ms for raw (25-27 / 11.5-12 ms in a runner ' +
        'that had run only those two): that process is not the one a user starts.',
    );
    return {
      goals: stopGoals(n, ours, raw),
      tables: [
        {
          columns: ['peer', `start ${n} ms`, `stop ${n} ms`, 'start + stop ms', 'prepare ms'],
          rows,
        },
      ],
      ratios,
      notes,
    };
  },
} satisfies Scenario;

/** Issue 17: stop of 100 at most 2x raw, at most 2.5x at 2,000 (BENCH_COLD_N=2000). */
function stopGoals(n: number, ours: Times | undefined, raw: Times | undefined): Goal[] {
  const limit = n >= 2000 ? 2.5 : 2;
  const r = ours && raw ? ratio(ours.stop, raw.stop) : Number.NaN;
  return [
    {
      goal: `stop of ${n.toLocaleString('en-US')}: overseer / raw <= ${limit}`,
      measured: Number.isFinite(r)
        ? `${r.toFixed(2)}x (${ours?.stop.toFixed(1)} ms / ${raw?.stop.toFixed(1)} ms)`
        : 'not measured',
      met: r <= limit,
    },
  ];
}

const FAILED: Times = { prepare: Number.NaN, start: Number.NaN, stop: Number.NaN };

interface Plan {
  readonly reps: number;
  readonly specs: ProgramSpec[];
  readonly settleMs: number;
}

/**
 * The in-process peers round by round, each round in the opposite order of the one before
 * (overseer ... raw, then raw ... overseer), each run in a fresh host: a peer and its limit
 * are measured in the same minutes of a machine whose speed drifts, and a burst from
 * elsewhere weighs on all of them alike. The medians of each peer's rounds.
 */
async function inFreshHosts(
  ctx: Context,
  peers: readonly PeerName[],
  plan: Plan,
  notes: string[],
): Promise<Map<PeerName, Times>> {
  const runs = new Map<PeerName, Times[]>(peers.map((peer) => [peer, []]));
  const failures = new Map<PeerName, string>();
  for (let round = 0; round < plan.reps; round++) {
    const order = round % 2 === 0 ? peers : [...peers].reverse();
    ctx.log(`round ${round + 1} of ${plan.reps}: ${order.join(', ')}`);
    for (const peer of order) {
      const out = await inFreshHost(ctx, peer, plan.specs, plan.settleMs);
      if (!out.ok) failures.set(peer, out.error);
      runs.get(peer)?.push(out.ok ? out.times : FAILED);
    }
  }
  for (const [peer, error] of failures) notes.push(`${peer} failed: ${error}`);
  return new Map([...runs].map(([peer, times]) => [peer, medianOfFields(times)]));
}

/** A daemon peer (supervisord, pm2) through its client in the runner, `reps` times. */
async function viaDriver(
  ctx: Context,
  peer: PeerName,
  plan: Plan,
  notes: string[],
): Promise<Times> {
  ctx.log(`${peer}: ${plan.reps} x start/stop ${plan.specs.length}`);
  let failure: string | undefined;
  const times = await ctx.repeat(plan.reps, async () => {
    const out = await withDriver(ctx, peer, async (driver) => {
      let t = performance.now();
      await driver.prepare(plan.specs);
      const prepare = performance.now() - t;
      t = performance.now();
      await driver.startAll();
      const start = performance.now() - t;
      // Untimed: let every child finish exec before the stop, for every peer alike
      // (supervisord reports RUNNING at fork, before exec; a SIGTERM that lands before the
      // exec is caught by its Python handler and lost, costing stopwaitsecs).
      await sleep(plan.settleMs);
      t = performance.now();
      await driver.stopAll();
      const stop = performance.now() - t;
      return { prepare, start, stop };
    });
    if (out.ok) return out.value;
    failure = out.error;
    return FAILED;
  });
  if (failure) notes.push(`${peer} failed: ${failure}`);
  return times;
}

/**
 * One start/stop of an in-process peer in a host process of its own (lib/host.ts), timed
 * inside the host: each round starts from a fresh process, as a user's program does, not
 * from the runner's, which has run every peer of the scenarios before.
 */
async function inFreshHost(
  ctx: Context,
  peer: PeerName,
  specs: ProgramSpec[],
  settleMs: number,
): Promise<{ ok: true; times: Times } | { ok: false; error: string }> {
  const host = spawnHost();
  try {
    await host.expect('ready');
    host.send({ type: 'load', peer, tmpDir: ctx.tmpDir });
    await host.expect('loaded');
    host.send({ type: 'start', specs });
    const { prepareMs, startMs } = await host.expect('started');
    await sleep(settleMs);
    host.send({ type: 'stop' });
    const { stopMs } = await host.expect('stopped');
    return { ok: true, times: { prepare: prepareMs, start: startMs, stop: stopMs } };
  } catch (e) {
    ctx.log(`${peer} failed: ${(e as Error).stack}`);
    return { ok: false, error: (e as Error).message.split('\n')[0]! };
  } finally {
    await host.close();
    await ctx.assertNoLeaks(`${ctx.name} / ${peer}`);
  }
}
