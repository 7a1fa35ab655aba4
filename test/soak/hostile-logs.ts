/**
 * Hostile log directories: links, FIFOs and hard links planted at AUTO names (before the
 * start, at a rotated name, and raced in while rotating), a logDir that is a file or missing.
 * Targets outside logDir must stay untouched; the program keeps running; every failure is a
 * typed LogWriteError.
 */
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  linkSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogWriteError, Supervisor } from '../../src/index.js';
import { nodeFixture } from '../helpers/processes.js';

export interface HostileLogFigures {
  scenarios: number;
  targetsTouched: string[];
  untypedErrors: number;
  notRunning: string[];
  raceSwaps: number;
  /** Dangling-link races in which the rotating stream created the (empty) target: documented. */
  danglingCreated: number;
}

const PRECIOUS = 'precious\n';

async function runIn(logDir: string, during: (stop: () => boolean) => Promise<number>, extra = {}) {
  const sup = new Supervisor({ logDir, sampleIntervalMs: 0, handleSignals: false });
  const errors: Error[] = [];
  sup.on('error', (e) => errors.push(e.error));
  const p = sup.add({
    name: 'app',
    command: nodeFixture('print-slowly.js', 100_000, 1),
    startSecs: 0,
    ...extra,
  });
  await sup.start();
  let done = false;
  const swaps = await during(() => done);
  await new Promise((r) => setTimeout(r, 300));
  done = true;
  const running = p.state === 'RUNNING';
  await sup[Symbol.asyncDispose]();
  return { errors, running, swaps };
}

export async function hostileLogs(raceMs: number): Promise<HostileLogFigures> {
  const figures: HostileLogFigures = {
    scenarios: 0,
    targetsTouched: [],
    untypedErrors: 0,
    notRunning: [],
    raceSwaps: 0,
    danglingCreated: 0,
  };
  const outside = mkdtempSync(join(tmpdir(), 'overseer-soak-target-'));
  const target = join(outside, 'victim');
  const dangling = join(outside, 'created-by-attacker');
  const auto = (d: string) => join(d, 'app-stdout.log');
  /** Plants something in a fresh dir; returns the logDir to use (the dir itself, mostly). */
  const planted =
    (plant: (d: string) => void, logDir = (d: string) => d) =>
    (d: string) => {
      plant(d);
      return logDir(d);
    };
  const scenarios: [string, (dir: string) => string, Record<string, unknown>?][] = [
    ['symlink at the AUTO name', planted((d) => symlinkSync(target, auto(d)))],
    ['dangling symlink', planted((d) => symlinkSync(dangling, auto(d)))],
    ['hard link', planted((d) => linkSync(target, auto(d)))],
    ['FIFO', planted((d) => execFileSync('mkfifo', [auto(d)]))],
    [
      'symlink at the rotated name',
      planted((d) => symlinkSync(target, `${auto(d)}.1`)),
      { stdoutLogfileMaxbytes: 2048, stdoutLogfileBackups: 2 },
    ],
    [
      'logDir is a file',
      planted(
        (d) => writeFileSync(join(d, 'file'), 'x'),
        (d) => join(d, 'file'),
      ),
    ],
    ['logDir missing', (d) => join(d, 'not', 'yet')],
  ];
  for (const [name, plant, extra] of scenarios) {
    const dir = mkdtempSync(join(tmpdir(), 'overseer-soak-logs-'));
    writeFileSync(target, PRECIOUS);
    try {
      const logDir = plant(dir);
      const run = await runIn(logDir, async () => 0, extra);
      record(figures, name, run, target, dangling);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(dangling, { force: true });
    }
  }
  // The race: the AUTO file swapped for a link to the target again and again while it rotates.
  const dir = mkdtempSync(join(tmpdir(), 'overseer-soak-race-'));
  writeFileSync(target, PRECIOUS);
  try {
    const run = await runIn(
      dir,
      (stop) => swapLoop(join(dir, 'app-stdout.log'), target, raceMs, stop),
      {
        stdoutLogfileMaxbytes: 1024,
        stdoutLogfileBackups: 2,
      },
    );
    figures.raceSwaps = run.swaps;
    record(figures, 'link raced in while rotating', run, target, dangling);
    // The same race with a dangling link: the target may be created empty, never written.
    rmSync(dir, { recursive: true, force: true });
    const dir2 = mkdtempSync(join(tmpdir(), 'overseer-soak-race-'));
    const race = (stop: () => boolean) =>
      swapLoop(join(dir2, 'app-stdout.log'), dangling, raceMs, stop);
    const run2 = await runIn(dir2, race, { stdoutLogfileMaxbytes: 1024, stdoutLogfileBackups: 2 });
    figures.raceSwaps += run2.swaps;
    if (existsSync(dangling)) {
      figures.danglingCreated++;
      if (readFileSync(dangling, 'utf8') !== '')
        figures.targetsTouched.push('dangling target written');
    }
    rmSync(dangling, { force: true });
    figures.scenarios++;
    rmSync(dir2, { recursive: true, force: true });
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  }
  return figures;
}

async function swapLoop(
  file: string,
  target: string,
  ms: number,
  stop: () => boolean,
): Promise<number> {
  const end = Date.now() + ms;
  let swaps = 0;
  while (Date.now() < end && !stop()) {
    try {
      unlinkSync(file);
      symlinkSync(target, file);
      swaps++;
    } catch {
      // the stream renamed it away meanwhile: try again
    }
    await new Promise((r) => setImmediate(r));
  }
  return swaps;
}

function record(
  figures: HostileLogFigures,
  name: string,
  run: { errors: Error[]; running: boolean },
  target: string,
  dangling: string,
): void {
  figures.scenarios++;
  if (readFileSync(target, 'utf8') !== PRECIOUS) figures.targetsTouched.push(name);
  if (existsSync(dangling)) figures.targetsTouched.push(`${name} (dangling target created)`);
  figures.untypedErrors += run.errors.filter((e) => !(e instanceof LogWriteError)).length;
  if (!run.running) figures.notRunning.push(name);
}
