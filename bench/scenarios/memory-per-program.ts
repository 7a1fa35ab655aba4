/** Bytes per supervised program inside the host, from 100 to 1,000 programs. */

import { envSizes } from '../lib/measure.js';
import { type MemoryPoint, measureInHost } from '../lib/memory-host.js';
import { type PeerName, selectedPeers } from '../lib/peers/driver.js';
import { ratio } from '../lib/stats.js';
import type { Goal, Ratio, Scenario } from '../lib/types.js';

const KB = 1024;
/** Issue 17: heap per running program at most 10 KiB (slope). */
const GOAL_RUNNING_KIB = 10;
/** Sampling interval that fills the 60-sample history in a few seconds. */
const HISTORY_SAMPLE_MS = 50;

function memoryGoals(runningSlope: number | undefined): Goal[] {
  const goal = `heap per running program (slope) <= ${GOAL_RUNNING_KIB} KiB`;
  if (runningSlope === undefined || Number.isNaN(runningSlope))
    return [{ goal, measured: 'not measured', met: false }];
  const kib = runningSlope / KB;
  return [{ goal, measured: `${kib.toFixed(1)} KiB`, met: kib <= GOAL_RUNNING_KIB }];
}

/** Least-squares slope of y over n: the cost of one more program, fixed costs excluded. */
function slope(points: readonly MemoryPoint[], key: 'heap' | 'rss'): number {
  if (points.length < 2) return Number.NaN;
  const mx = points.reduce((a, p) => a + p.n, 0) / points.length;
  const my = points.reduce((a, p) => a + p[key], 0) / points.length;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.n - mx) * (p[key] - my);
    den += (p.n - mx) ** 2;
  }
  return num / den;
}

export default {
  name: 'memory-per-program',
  title: 'Memory per supervised program',
  description:
    'Memory a supervisor library adds to the host for each program it holds, measured in a ' +
    'fresh host process per size (`node --expose-gc`, library already loaded and warmed ' +
    'up): a new supervisor gets that many programs, GC runs, and the growth over the ' +
    'baseline is divided by the count. Two states: programs added but not started, and ' +
    'programs running (`/bin/sleep 86400`). In-process peers only: a daemon does not live ' +
    'in the host (see idle-overhead for their memory).',
  async run(ctx) {
    const addedSizes = envSizes('BENCH_MEM_SIZES', [100, 250, 500, 1000], [200, 500]);
    const runningSizes = envSizes('BENCH_MEM_RUNNING_SIZES', [100, 250, 500], [50, 100]);
    const settleMs = ctx.envInt('BENCH_MEM_SETTLE_MS', 1500, 500);
    const peers = selectedPeers(['overseer', 'forever-monitor', 'respawn', 'raw']);
    const rows: (string | number | null)[][] = [];
    const perProgram = new Map<string, number>();
    const notes: string[] = [];
    // 'full history': running, sampled every 50 ms until the 60-sample history is full (what
    // a program holds after its first minute at the default 1 s), overseer only.
    const states = [
      ['added', false, undefined, 0],
      ['running', true, undefined, settleMs],
      ['full history', true, HISTORY_SAMPLE_MS, HISTORY_SAMPLE_MS * 70],
    ] as const;
    for (const [state, running, sampleIntervalMs, waitMs] of states) {
      const sizes = running ? runningSizes : addedSizes;
      for (const peer of peers) {
        if (peer === 'raw' && !running) continue; // nothing to hold before a spawn
        if (sampleIntervalMs !== undefined && peer !== 'overseer') continue;
        ctx.log(`${peer}: ${state} ${sizes.join(', ')}`);
        const points: MemoryPoint[] = [];
        try {
          // One fresh host per size: RSS never shrinks back, so sizes must not share a process.
          for (const n of sizes) {
            const [point] = await measureInHost({
              peer,
              sizes: [n],
              running,
              tmpDir: ctx.tmpDir,
              settleMs: waitMs,
              sampleIntervalMs,
            });
            points.push(point!);
            await ctx.assertNoLeaks(`${ctx.name} / ${peer} / ${state} / ${n}`);
          }
        } catch (e) {
          notes.push(`${peer} (${state}) failed: ${(e as Error).message.split('\n')[0]}`);
          ctx.log(`${peer} failed: ${(e as Error).message}`);
          await ctx.assertNoLeaks(`${ctx.name} / ${peer} / ${state}`);
          continue;
        }
        for (const p of points)
          rows.push([peer, state, p.n, p.heap / p.n / KB, p.rss / p.n / KB, null, null]);
        const sh = slope(points, 'heap');
        const sr = slope(points, 'rss');
        perProgram.set(`${peer}/${state}`, sh);
        rows.push([peer, state, 'slope', null, null, sh / KB, sr / KB]);
      }
    }
    const ratios: Ratio[] = [];
    for (const state of ['added', 'running']) {
      const ours = perProgram.get(`overseer/${state}`);
      for (const peer of peers as PeerName[]) {
        if (peer === 'overseer') continue;
        const theirs = perProgram.get(`${peer}/${state}`);
        if (ours === undefined || theirs === undefined) continue;
        ratios.push({
          label: `heap per program (${state}): overseer / ${peer}`,
          value: ratio(ours, theirs),
          note: peer === 'raw' ? 'cost over a bare ChildProcess' : '< 1: overseer lighter',
        });
      }
    }
    const ours = perProgram.get('overseer/added');
    const oursRunning = perProgram.get('overseer/running');
    const oursFull = perProgram.get('overseer/full history');
    if (ours !== undefined && oursRunning !== undefined)
      notes.push(
        `overseer: about ${(ours / KB).toFixed(1)} KiB of heap per program added and ` +
          `${(oursRunning / KB).toFixed(1)} KiB per running program (slope), so 1,000 running ` +
          `programs cost about ${((oursRunning * 1000) / 2 ** 20).toFixed(0)} MiB of heap in the host.`,
      );
    if (oursFull !== undefined)
      notes.push(
        `With its 60-sample history full (statsHistory, default 60: after a program's first ` +
          `minute at the default 1 s sampling) a running program holds about ` +
          `${(oursFull / KB).toFixed(1)} KiB (slope, "full history" rows): measured by ` +
          `sampling every ${HISTORY_SAMPLE_MS} ms for ${(HISTORY_SAMPLE_MS * 70) / 1000} s, ` +
          'which fills the history as a minute would. statsHistory: 1 keeps only the latest.',
      );
    notes.push(
      '"heap" is V8 heapUsed + external + arrayBuffers after forced GC; "RSS" is the growth of ' +
        'the resident set, which also holds native memory (libuv handles, pipe buffers) but is ' +
        'noisier. Per-size columns divide the whole growth by the count (fixed costs included); ' +
        'the slope row is the least-squares cost of one more program (fixed costs excluded): ' +
        'the figure to use.',
      `Sizes: added ${addedSizes.join(', ')} (BENCH_MEM_SIZES); running ` +
        `${runningSizes.join(', ')} (BENCH_MEM_RUNNING_SIZES), measured ${settleMs} ms after ` +
        'all started (BENCH_MEM_SETTLE_MS). Running stops at 500 by default: 1,000 live ' +
        "children plus overseer's default 1 s sampling of each is heavy on a 2-core machine " +
        'shared with other work; set BENCH_MEM_RUNNING_SIZES=100,500,1000 to measure it.',
      'overseer runs with its defaults (sampling on, log files plus an in-memory tail), ' +
        'loaded from the packed package (dist/, as users install it).',
    );
    return {
      tables: [
        {
          columns: [
            'peer',
            'state',
            'programs',
            'heap KiB / program',
            'RSS KiB / program',
            'slope heap KiB',
            'slope RSS KiB',
          ],
          rows,
        },
      ],
      ratios,
      notes,
      goals: memoryGoals(oursRunning),
    };
  },
} satisfies Scenario;
