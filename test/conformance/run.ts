/**
 * Differential conformance: every scenario runs under Debian's supervisord and under
 * overseer at the same time, and the sequences of state transitions per program must match.
 *
 * A third side runs the very supervisord.conf of the reference through loadSupervisordConfig,
 * its event listener recording the states (skip it with --no-conf).
 *
 *   npm run conformance [-- --only id,id] [--supervisord-only] [--no-conf] [--keep] [--verbose]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isAlive, markedPids, sweep } from './cleanup.js';
import { judge, sequenceOf } from './compare.js';
import { runScript, type ScriptResult } from './driver.js';
import { scenarios as all } from './scenarios/index.js';
import type { Side } from './side.js';
import { findSupervisord, SupervisordSide, supervisordVersion } from './supervisord-side.js';
import { processNames, type Scenario } from './types.js';

const here = dirname(fileURLToPath(import.meta.url));

interface Args {
  only: string[] | undefined;
  supervisordOnly: boolean;
  noConf: boolean;
  keep: boolean;
  verbose: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = {
    only: undefined,
    supervisordOnly: false,
    noConf: false,
    keep: false,
    verbose: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--only') args.only = (argv[++i] ?? '').split(',').filter(Boolean);
    else if (a?.startsWith('--only=')) args.only = a.slice(7).split(',').filter(Boolean);
    else if (a === '--supervisord-only') args.supervisordOnly = true;
    else if (a === '--no-conf') args.noConf = true;
    else if (a === '--keep') args.keep = true;
    else if (a === '--verbose' || a === '-v') args.verbose = true;
    else throw new Error(`unknown argument ${a}`);
  }
  return args;
}

function ensureSupervisord(): string {
  const found = findSupervisord();
  if (found) return found;
  console.log('supervisord not found: installing Debian\'s "supervisor" package');
  const script = resolve(here, 'install-supervisord.sh');
  const res = spawnSync('sh', [script], { stdio: 'inherit' });
  const after = findSupervisord();
  if (res.status !== 0 || !after) {
    throw new Error(`could not install supervisord (install-supervisord.sh exit ${res.status})`);
  }
  return after;
}

async function loadOverseerSide(): Promise<(scenario: Scenario, marker: string) => Side> {
  const { OverseerSide } = await import('./overseer-side.js');
  return (scenario, marker) => new OverseerSide(scenario, marker);
}

async function loadConfSide(): Promise<(scenario: Scenario, dir: string, marker: string) => Side> {
  const { OverseerConfSide } = await import('./overseer-conf-side.js');
  return (scenario, dir, marker) => {
    mkdirSync(dir);
    return new OverseerConfSide(scenario, dir, marker);
  };
}

const failed = (error: unknown): ScriptResult => ({
  error: `could not start: ${(error as Error).message}`,
  transitions: [],
  ms: 0,
});

/** Opens a side, runs the script, and always closes it. */
async function runSide(side: Side, scenario: Scenario): Promise<ScriptResult> {
  try {
    await side.open();
    return await runScript(side, scenario);
  } catch (error) {
    return { ...failed(error), transitions: side.transitions() };
  } finally {
    await side.close();
  }
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const chosen = args.only ? all.filter((s) => args.only?.includes(s.id)) : all;
  if (args.only && chosen.length !== args.only.length) {
    const known = all.map((s) => s.id).join(', ');
    throw new Error(`unknown scenario in --only ${args.only.join(',')}; known: ${known}`);
  }
  const binary = ensureSupervisord();
  const makeOverseer = args.supervisordOnly ? undefined : await loadOverseerSide();
  const makeConf = args.supervisordOnly || args.noConf ? undefined : await loadConfSide();
  const runId = `${process.pid}-${Date.now()}`;
  const root = mkdtempSync(join(tmpdir(), 'overseer-conformance-'));
  console.log(`conformance: ${supervisordVersion(binary)} (${binary}) vs overseer`);
  console.log(`${chosen.length} scenarios; work dir ${root}\n`);

  let interrupted = false;
  const onSignal = (sig: NodeJS.Signals): void => {
    if (interrupted) return;
    interrupted = true;
    console.error(`\n${sig}: cleaning up`);
    void sweep(`${runId}/`).finally(() => {
      rmSync(root, { recursive: true, force: true });
      process.exit(130);
    });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  let passed = 0;
  let failures = 0;
  const began = Date.now();
  try {
    for (const scenario of chosen) {
      const dir = join(root, scenario.id);
      mkdirSync(dir);
      const reference = new SupervisordSide(
        binary,
        scenario,
        dir,
        `${runId}/supervisord/${scenario.id}`,
      );
      const subject = makeOverseer?.(scenario, `${runId}/overseer/${scenario.id}`);
      const fromConf = makeConf?.(
        scenario,
        join(dir, 'conf'),
        `${runId}/overseer-conf/${scenario.id}`,
      );
      const [ref, sub, conf] = await Promise.all([
        runSide(reference, scenario),
        subject ? runSide(subject, scenario) : Promise.resolve(undefined),
        fromConf ? runSide(fromConf, scenario) : Promise.resolve(undefined),
      ]);
      const apiVerdict = judge(scenario, ref, sub);
      const confVerdict = conf ? judge(scenario, ref, conf, 'overseer-conf') : undefined;
      const verdict = {
        pass: apiVerdict.pass && (confVerdict?.pass ?? true),
        details: [
          ...apiVerdict.details,
          ...(confVerdict?.pass === false ? confVerdict.details : []),
        ],
      };
      const timing =
        `supervisord ${(ref.ms / 1000).toFixed(1)}s` +
        (sub ? `, overseer ${(sub.ms / 1000).toFixed(1)}s` : '') +
        (conf ? `, overseer-conf ${(conf.ms / 1000).toFixed(1)}s` : '');
      console.log(`${verdict.pass ? 'PASS' : 'FAIL'} ${scenario.id} (${timing})`);
      if (verdict.pass) passed++;
      else failures++;
      if (!verdict.pass || args.verbose) console.log(`  ${scenario.description}`);
      // A deliberate difference is printed on every run, pass or fail: never silent.
      for (const line of verdict.details) console.log(`  ${line}`);
      if (args.verbose) {
        for (const name of scenario.programs.flatMap(processNames)) {
          const r = sequenceOf(ref.transitions, name, undefined);
          console.log(`  supervisord ${name}: ${r.join(', ') || '(none)'}`);
          if (sub) {
            const o = sequenceOf(sub.transitions, name, undefined);
            console.log(`  overseer    ${name}: ${o.join(', ') || '(none)'}`);
          }
          if (conf) {
            const c = sequenceOf(conf.transitions, name, undefined);
            console.log(`  from .conf  ${name}: ${c.join(', ') || '(none)'}`);
          }
        }
      }
      if (args.verbose || !verdict.pass) {
        for (const n of reference.notes) console.log(`  note: supervisord: ${n}`);
        for (const n of subject?.notes ?? []) console.log(`  note: overseer: ${n}`);
        for (const n of fromConf?.notes ?? []) console.log(`  note: overseer-conf: ${n}`);
      }
      if (!verdict.pass && args.verbose) {
        console.log('  supervisord log (tail):');
        for (const l of reference.logTail().split('\n')) console.log(`    ${l}`);
      }
    }
  } finally {
    const left = await sweep(`${runId}/`);
    if (left.length > 0) {
      console.log(`\ncleanup: killed ${left.length} leftover process(es): ${left.join(', ')}`);
    }
    const still = markedPids(`${runId}/`).filter(isAlive);
    if (still.length > 0) console.log(`cleanup: STILL ALIVE: ${still.join(', ')}`);
    if (args.keep) console.log(`kept ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
  console.log(`\nconformance took ${((Date.now() - began) / 1000).toFixed(1)}s`);
  console.log(`${passed} passed, ${failures} failed`);
  return failures === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`conformance: ${(error as Error).stack ?? error}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
