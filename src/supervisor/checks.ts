import { OptionError } from '../errors.js';
import { resolveLogPath } from '../logs/log-paths.js';
import { isStreamPath } from '../logs/log-sink.js';
import { needsSampling } from '../metrics/options.js';
import type { ProgramConfig } from '../options/program-options.js';
import type { Program } from '../program/program.js';
import { programKey } from './addresses.js';

export interface CheckContext {
  /** Programs already there (empty when a whole new configuration replaces them). */
  readonly existing: readonly Program[];
  readonly logDir: string | undefined;
  readonly sampleIntervalMs: number;
}

/** Checks that need the supervisor's settings or its other programs. Throws OptionError. */
export function checkNewPrograms(configs: readonly ProgramConfig[], ctx: CheckContext): void {
  checkSampling(configs, ctx.sampleIntervalMs);
  checkLogFiles(configs, ctx);
}

/** A resource limit is only enforced by sampling: refuse one that would never act. */
function checkSampling(configs: readonly ProgramConfig[], sampleIntervalMs: number): void {
  if (sampleIntervalMs > 0) return;
  const limited = configs.find((c) => needsSampling(c.resources));
  if (!limited) return;
  throw new OptionError({
    program: limited.name,
    option: 'memoryLimit',
    value: 'with sampleIntervalMs: 0',
    fix: 'Limits are enforced by sampling: give the Supervisor a sampleIntervalMs > 0 (default 1000), or drop memoryLimit/cpuThreshold.',
  });
}

/**
 * Two programs writing one log file would fight over its rotation: refuse it. A stream (the
 * host's stdout, a FIFO) is not rotated and may be shared. Only the new programs' files are
 * looked at on disk; the programs already there are matched by path (resolved once each), so
 * adding the n-th program costs no stat or info() of the n - 1 before it.
 */
function checkLogFiles(configs: readonly ProgramConfig[], ctx: CheckContext): void {
  const claims = configs.flatMap((c) =>
    logFilesOf(c, ctx.logDir)
      .filter((file) => !isStreamPath(file))
      .map((file) => ({ file, who: programKey(c), name: c.name })),
  );
  if (claims.length === 0) return;
  const wanted = new Set(claims.map((c) => c.file));
  const owner = new Map<string, string>();
  for (const p of ctx.existing) {
    for (const file of existingLogFiles(p)) {
      if (wanted.has(file) && !owner.has(file)) owner.set(file, programKey(p));
    }
  }
  for (const { file, who, name } of claims) {
    const other = owner.get(file);
    if (other && other !== who) {
      throw new OptionError({
        program: name,
        option: 'stdoutLogfile',
        value: file,
        fix: `"${other}" already writes to this file; give each program its own log file (templates like %(process_num)d help in pools).`,
      });
    }
    owner.set(file, who);
  }
}

/** The log files a program writes, resolved once per program (its config never changes). */
const resolvedFiles = new WeakMap<Program, readonly string[]>();

function existingLogFiles(program: Program): readonly string[] {
  let files = resolvedFiles.get(program);
  if (!files) {
    const info = program.info();
    files = [info.stdoutLogfile, info.stderrLogfile].filter((f) => f !== '');
    resolvedFiles.set(program, files);
  }
  return files;
}

function logFilesOf(config: ProgramConfig, logDir: string | undefined): string[] {
  const ctx = { name: config.name, logDir };
  const { stdout, stderr, redirectStderr } = config.logs;
  const files = [resolveLogPath(stdout.logfile, 'stdout', ctx)];
  if (!redirectStderr) files.push(resolveLogPath(stderr.logfile, 'stderr', ctx));
  return files.filter((f): f is string => f !== undefined);
}
