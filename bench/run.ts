/**
 * The bench runner: `node .build/run.js [scenario ...]` (what `npm run bench` runs after
 * build.mjs compiled the harness), or `tsx run.ts [scenario ...]` from the sources. Runs the named scenarios (all by default) one
 * after another, each with its own Context, cleanups and leak check, then rewrites
 * docs/benchmarks.md (BENCH_QUICK=1 writes bench/.tmp/benchmarks.md instead).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { benchDir, createContext, type OwnedContext } from './lib/context.js';
import { machineInfo, peerVersions } from './lib/machine.js';
import { describeOverseer } from './lib/overseer-source.js';
import { parseSections, renderDocument, renderSection } from './lib/report.js';
import type { Scenario } from './lib/types.js';

/** Preferred order; scenarios not listed run after these, alphabetically. */
const ORDER = [
  'crash-respawn',
  'cold-start',
  'idle-overhead',
  'memory-per-program',
  'event-loop-delay',
  'log-throughput',
  'sampling-overhead',
];

const log = (m: string) => process.stderr.write(`${m}\n`);

async function loadScenarios(): Promise<Scenario[]> {
  const dir = path.join(benchDir, 'scenarios');
  const names = readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.slice(0, -3));
  const rank = (n: string) => (ORDER.includes(n) ? ORDER.indexOf(n) : ORDER.length);
  names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const scenarios: Scenario[] = [];
  for (const name of names) {
    const mod = (await import(`./scenarios/${name}.js`)) as { default?: Scenario };
    if (!mod.default || typeof mod.default.run !== 'function')
      throw new Error(
        `bench/scenarios/${name}.ts must default-export { name, title, description, run }`,
      );
    if (mod.default.name !== name)
      throw new Error(`bench/scenarios/${name}.ts exports name '${mod.default.name}'`);
    scenarios.push(mod.default);
  }
  return scenarios;
}

/**
 * Imports every peer driver (and overseer) before any scenario runs. tsx compiles through an
 * esbuild service that its loader thread spawned; overseer's orphan watch (a child subreaper
 * with the prebuilt addon) does not know children spawned off the main thread, so the sweep
 * after the runner's first in-process crash takes the service for an orphan and kills it, and
 * every import after that fails. With everything imported first, nothing needs it later.
 */
async function preloadPeers(): Promise<void> {
  const { createDriver, ALL_PEERS } = await import('./lib/peers/driver.js');
  const tmpDir = path.join(benchDir, '.tmp');
  for (const peer of ALL_PEERS) await createDriver(peer, { tmpDir });
  await (await import('./lib/peers/overseer.js')).loadOverseer();
}

async function main(): Promise<number> {
  const all = await loadScenarios();
  const wanted = process.argv.slice(2).filter((a) => a !== '--');
  const unknown = wanted.filter((w) => !all.some((s) => s.name === w));
  if (unknown.length > 0) {
    log(`unknown scenario(s): ${unknown.join(', ')}; known: ${all.map((s) => s.name).join(', ')}`);
    return 2;
  }
  const chosen = wanted.length > 0 ? all.filter((s) => wanted.includes(s.name)) : all;
  await preloadPeers();
  const quick = process.env.BENCH_QUICK === '1';
  // Under tsx (from the sources) hosts are forked under tsx too: bench/tsconfig.json maps no 'overseer' path to src/, so the
  // packed package is what they import (lib/overseer-source.ts checks it).
  process.env.TSX_TSCONFIG_PATH ??= path.join(benchDir, 'tsconfig.json');
  const source = describeOverseer();
  const versions = peerVersions(source);
  const machine = machineInfo();
  log(`bench: ${chosen.map((s) => s.name).join(', ')}${quick ? ' (quick)' : ''}`);
  log(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memory}, node ${machine.node}`);
  log(`overseer: ${source}`);

  let current: OwnedContext | undefined;
  const onSignal = async (sig: NodeJS.Signals) => {
    log(`\n${sig}: cleaning up`);
    await current?.dispose();
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const sections = new Map<string, string>();
  let failures = 0;
  for (const scenario of chosen) {
    log(`\n== ${scenario.name}: ${scenario.title}`);
    const ctx = createContext(scenario.name, versions, log);
    current = ctx;
    const t0 = performance.now();
    const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    let result: Awaited<ReturnType<Scenario['run']>> | undefined;
    const errors: string[] = [];
    try {
      result = await scenario.run(ctx);
    } catch (e) {
      errors.push((e as Error).message);
      log((e as Error).stack ?? String(e));
    }
    for (const e of await ctx.dispose()) {
      errors.push(e.message);
      log(e.message);
    }
    current = undefined;
    if (errors.length > 0) failures++;
    const seconds = (performance.now() - t0) / 1000;
    sections.set(
      scenario.name,
      renderSection({
        scenario,
        date,
        seconds,
        ...(result ? { result } : {}),
        ...(errors.length > 0 ? { error: errors.join('; ') } : {}),
      }),
    );
    log(`== ${scenario.name}: ${errors.length > 0 ? 'FAILED' : 'done'} in ${seconds.toFixed(1)} s`);
  }

  const target = quick
    ? path.join(benchDir, '.tmp', 'benchmarks.md')
    : path.join(benchDir, '..', 'docs', 'benchmarks.md');
  mkdirSync(path.dirname(target), { recursive: true });
  const previous = existsSync(target) ? parseSections(readFileSync(target, 'utf8')) : new Map();
  const ordered: string[] = [];
  for (const s of all) {
    const section = sections.get(s.name) ?? previous.get(s.name);
    if (section) ordered.push(section);
  }
  writeFileSync(target, renderDocument(machine, versions, ordered, new Set(sections.keys())));
  log(`\nwrote ${path.relative(process.cwd(), target)}`);
  return failures > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    log((e as Error).stack ?? String(e));
    process.exit(1);
  },
);
