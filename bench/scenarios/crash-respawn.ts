/**
 * Crash-to-respawn latency: the harness SIGKILLs the child and times until the replacement's
 * first act arrives on a FIFO.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { LifeSignal } from '../lib/life-signal.js';
import { type PeerName, selectedPeers } from '../lib/peers/driver.js';
import { mean, percentile, ratio } from '../lib/stats.js';
import type { Goal, Ratio, Scenario } from '../lib/types.js';
import { sleep } from '../lib/util.js';
import { withDriver } from '../lib/with-driver.js';

interface Latencies {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

export default {
  name: 'crash-respawn',
  title: 'Crash-to-respawn latency',
  description:
    'A child is killed with SIGKILL by the harness (a crash: unexpected for every peer), ' +
    'and the time is measured from just before `kill()` to the first sign of life of the ' +
    'replacement process: its first act is to write its pid to a FIFO that the harness reads ' +
    '(fixture `life-then-sleep.sh`, a POSIX sh script that then execs `sleep`). The same ' +
    'fixture and the same FIFO serve every peer, so the figure covers noticing the exit, ' +
    'deciding, fork/exec, and the shell starting, for all of them alike.',
  async run(ctx) {
    const crashes = ctx.envInt('BENCH_CRASHES', 150, 20);
    // supervisord restarts on its 1 s tick: 200 crashes would take 200 s to show one figure.
    const supervisordCrashes = ctx.envInt('BENCH_CRASHES_SUPERVISORD', 20, 10);
    const gapMs = ctx.envInt('BENCH_CRASH_GAP_MS', 50);
    const peers = selectedPeers();
    const rows: (string | number | null)[][] = [];
    const results = new Map<PeerName, Latencies>();
    const notes: string[] = [];

    for (const peer of peers) {
      const count = peer === 'supervisord' ? supervisordCrashes : crashes;
      ctx.log(`${peer}: ${count} crashes`);
      const fifo = new LifeSignal(path.join(ctx.tmpDir, `${peer}.fifo`));
      const argv = ['/bin/sh', path.join(ctx.fixtures, 'life-then-sleep.sh'), fifo.path];
      const outcome = await withDriver(ctx, peer, async (driver) => {
        await driver.prepare([{ name: 'crasher', argv }]);
        await driver.startAll();
        let life = await fifo.next();
        await waitReported(driver, life.pid);
        const samples: number[] = [];
        for (let i = 0; i < count; i++) {
          await sleep(gapMs);
          const t0 = performance.now();
          process.kill(life.pid, 'SIGKILL');
          const next = await fifo.next(15_000);
          samples.push(next.at - t0);
          if (next.pid === life.pid) throw new Error(`same pid ${next.pid} signalled life twice`);
          life = next;
          await waitReported(driver, life.pid);
        }
        await driver.stopAll();
        return samples;
      });
      fifo.close();
      if (!outcome.ok) {
        rows.push([peer, null, null, null, null, null]);
        notes.push(`${peer} failed: ${outcome.error}`);
        continue;
      }
      const s = outcome.value;
      const lat = {
        p50: percentile(s, 50),
        p90: percentile(s, 90),
        p99: percentile(s, 99),
        max: Math.max(...s),
        mean: mean(s),
      };
      results.set(peer, lat);
      rows.push([peer, lat.p50, lat.p90, lat.p99, lat.max, lat.mean]);
    }

    const ratios: Ratio[] = [];
    const ours = results.get('overseer');
    if (ours) {
      for (const [peer, lat] of results) {
        if (peer === 'overseer') continue;
        const limit = peer === 'raw';
        ratios.push({
          label: `p50 overseer / ${limit ? 'raw child_process (the limit)' : peer}`,
          value: ratio(ours.p50, lat.p50),
          note: limit ? 'cost over the limit; 1 = none' : '< 1: overseer reacts faster',
        });
        ratios.push({
          label: `p99 overseer / ${limit ? 'raw child_process (the limit)' : peer}`,
          value: ratio(ours.p99, lat.p99),
          note: limit ? 'cost over the limit; 1 = none' : '< 1: overseer reacts faster',
        });
      }
      notes.push(
        `Target: overseer p50 < 10 ms. Measured ${ours.p50.toFixed(2)} ms: ` +
          `${ours.p50 < 10 ? 'met' : 'MISSED'}.`,
      );
    }
    notes.push(
      `${crashes} crashes per peer (BENCH_CRASHES), ${supervisordCrashes} for supervisord ` +
        '(BENCH_CRASHES_SUPERVISORD: its latency is its 1 s tick, the same at every crash, ' +
        'and each crash costs a second), one child; between crashes the harness ' +
        `waits until the peer itself reports the new pid as running, then ${gapMs} ms ` +
        '(BENCH_CRASH_GAP_MS), so no crash lands in a start-up window.',
      'Each peer restarts at once and without limit: overseer and supervisord with ' +
        'startsecs 0 and autorestart; pm2 with restart_delay 0, min_uptime 100 ms (its ' +
        'minimum) and max_restarts 1,000,000; forever-monitor with minUptime 0 and no max; ' +
        'respawn with sleep 0 and maxRestarts -1. raw is a bare child_process.spawn ' +
        "respawned from its 'exit' event, output piped and drained: the physical limit.",
      'The in-process peers (overseer, forever-monitor, respawn, raw) share the event loop ' +
        'with the harness reading the FIFO; supervisord and pm2 are daemons and the harness ' +
        'only reads the FIFO, so nothing in the method favours the in-process ones.',
    );
    const raw = results.get('raw');
    const vsRaw = raw && ours ? ` (${ratio(ours.p50, raw.p50).toFixed(2)}x raw)` : '';
    const goals: Goal[] = [
      {
        goal: 'crash to respawn: overseer p50 < 10 ms (the target of this scenario)',
        measured: ours ? `${ours.p50.toFixed(2)} ms${vsRaw}` : 'not measured',
        met: ours !== undefined && ours.p50 < 10,
      },
    ];
    return {
      tables: [{ columns: ['peer', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'mean ms'], rows }],
      ratios,
      goals,
      notes,
    };
  },
} satisfies Scenario;

/** Waits until the peer reports `pid` as its running process. */
async function waitReported(
  driver: { waitRunning(name: string, notPid?: number, timeoutMs?: number): Promise<number> },
  pid: number,
): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const reported = await driver.waitRunning('crasher', undefined, 15_000);
    if (reported === pid) return;
    if (Date.now() > deadline)
      throw new Error(`peer reports pid ${reported}, the running child is ${pid}`);
    await sleep(5);
  }
}
