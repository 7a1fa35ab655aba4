/**
 * `npm run soak` (about 2 minutes; `--short` for CI, about 30 s): chaos, host kills, fuzzed
 * options, hostile log directories. Prints the figures as JSON and exits 1 on any breach of
 * what docs/reliability.md promises.
 */
import { runFuzz } from '../helpers/fuzz-run.js';
import { chaos } from './chaos.js';
import { hostKills } from './host-kill.js';
import { hostileLogs } from './hostile-logs.js';

const short = process.argv.includes('--short');
const plan = short
  ? { programs: 24, seconds: 6, rate: 20, hostKills: 2, fuzz: 800, raceMs: 1000 }
  : { programs: 64, seconds: 30, rate: 20, hostKills: 5, fuzz: 5000, raceMs: 3000 };

const breaches: string[] = [];
const started = Date.now();

const c = await chaos(plan.programs, plan.seconds, plan.rate);
if (c.allBackRunningMs < 0) breaches.push('chaos: not every program came back RUNNING');
if (c.zombies > 0) breaches.push(`chaos: ${c.zombies} zombies`);
if (c.orphans > 0) breaches.push(`chaos: ${c.orphans} orphans after stop`);
if (c.fdsAfter > c.fdsBefore + 2) breaches.push(`chaos: fds ${c.fdsBefore} -> ${c.fdsAfter}`);
if (c.heapAfterMB > c.heapBeforeMB + 32)
  breaches.push(`chaos: heap ${c.heapBeforeMB} -> ${c.heapAfterMB} MB`);

const h = await hostKills(plan.hostKills);
if (h.survivors > 0) breaches.push(`host kill: ${h.survivors} survivors after 1 s`);

const f = await runFuzz(1, plan.fuzz);
if (f.bad.length > 0)
  breaches.push(`fuzz: ${f.bad.length} bad rejections, first ${JSON.stringify(f.bad[0])}`);
if (f.spawnsFromRejected > 0)
  breaches.push(`fuzz: ${f.spawnsFromRejected} spawns from rejected options`);
if (f.polluted) breaches.push('fuzz: Object.prototype polluted');

const l = await hostileLogs(plan.raceMs);
if (l.targetsTouched.length > 0)
  breaches.push(`logs: targets touched: ${l.targetsTouched.join('; ')}`);
if (l.untypedErrors > 0) breaches.push(`logs: ${l.untypedErrors} untyped errors`);
if (l.notRunning.length > 0) breaches.push(`logs: program stopped in: ${l.notRunning.join('; ')}`);

const fuzz = {
  cases: f.cases,
  rejected: f.rejected,
  accepted: f.accepted,
  bad: f.bad.length,
  spawnsFromRejected: f.spawnsFromRejected,
  polluted: f.polluted,
};
const figures = {
  short,
  seconds: Math.round((Date.now() - started) / 1000),
  chaos: c,
  hostKill: h,
  fuzz,
  hostileLogs: l,
};
console.log(JSON.stringify(figures, null, 2));
if (breaches.length > 0) {
  console.error(`soak: ${breaches.length} breach(es):\n  ${breaches.join('\n  ')}`);
  process.exit(1);
}
console.log('soak: every promise held');
process.exit(0);
