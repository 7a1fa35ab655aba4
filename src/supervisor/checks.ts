import { OptionError } from '../errors.js';
import { resolveLogPath } from '../logs/log-paths.js';
import { isStreamPath } from '../logs/log-sink.js';
import { needsSampling } from '../metrics/options.js';
import type { ProgramConfig } from '../options/program-options.js';
import type { Program } from '../program/program.js';
import { programKey } from './addresses.js';

export interface CheckContext {
  /** Log files of the programs already there (undefined when a whole new configuration replaces them). */
  readonly existing: LogFileOwners | undefined;
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
 * looked at on disk; the programs already there are looked up in the supervisor's index, so
 * adding the n-th program costs no walk of the n - 1 before it.
 */
function checkLogFiles(configs: readonly ProgramConfig[], ctx: CheckContext): void {
  const owner = new Map<string, string>();
  for (const c of configs) {
    const who = programKey(c);
    for (const file of logFilesOf(c, ctx.logDir)) {
      if (isStreamPath(file)) continue;
      const other = owner.get(file) ?? ctx.existing?.otherThan(file, who);
      if (other && other !== who) {
        throw new OptionError({
          program: c.name,
          option: 'stdoutLogfile',
          value: file,
          fix: `"${other}" already writes to this file; give each program its own log file (templates like %(process_num)d help in pools).`,
        });
      }
      owner.set(file, who);
    }
  }
}

/** Which programs write each log file, kept as programs come and go. */
export class LogFileOwners {
  readonly #owners = new Map<string, Set<string>>();
  readonly #files = new WeakMap<Program, readonly string[]>();

  add(program: Program): void {
    const info = program.info();
    const files = [info.stdoutLogfile, info.stderrLogfile].filter((f) => f !== '');
    this.#files.set(program, files);
    for (const file of files) {
      const owners = this.#owners.get(file) ?? new Set<string>();
      owners.add(programKey(program));
      this.#owners.set(file, owners);
    }
  }

  remove(program: Program): void {
    for (const file of this.#files.get(program) ?? []) {
      const owners = this.#owners.get(file);
      owners?.delete(programKey(program));
      if (owners?.size === 0) this.#owners.delete(file);
    }
    this.#files.delete(program);
  }

  /** A program other than `who` that writes `file`, if any. */
  otherThan(file: string, who: string): string | undefined {
    for (const key of this.#owners.get(file) ?? []) if (key !== who) return key;
    return undefined;
  }
}

function logFilesOf(config: ProgramConfig, logDir: string | undefined): string[] {
  const ctx = { name: config.name, logDir };
  const { stdout, stderr, redirectStderr } = config.logs;
  const files = [resolveLogPath(stdout.logfile, 'stdout', ctx)];
  if (!redirectStderr) files.push(resolveLogPath(stderr.logfile, 'stderr', ctx));
  return files.filter((f): f is string => f !== undefined);
}
