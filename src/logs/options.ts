import { optByteSize } from '../options/units.js';
import { fail, type OptionContext, optBoolean, optInteger } from '../options/validate.js';

/**
 * Where a stream's lines are written: a file path, `'AUTO'` (a file in the supervisor's
 * `logDir` named after the program) or `'NONE'` (no file). `'AUTO'` and `'NONE'` are
 * case-insensitive, as in supervisord.
 */
export type LogfileSetting = 'AUTO' | 'NONE' | (string & {});

/**
 * Log capture options of a program: supervisord's `stdout_logfile*`, `stderr_logfile*` and
 * `redirect_stderr` in camelCase, plus timestamps and the in-memory tail. See docs/logs.md.
 */
export interface LogOptions {
  /**
   * File for the program's stdout: a path (relative paths resolve against the supervisor's
   * `logDir`, or the host's working directory when it has none), `'AUTO'` (the file
   * `<logDir>/<name>-stdout.log`; no file when the supervisor has no `logDir`) or `'NONE'`.
   * @default 'AUTO'
   */
  stdoutLogfile?: LogfileSetting;
  /**
   * Rotate the stdout file once it reaches this size: bytes, or a string with a KB/MB/GB
   * suffix. 0 = never rotate. @default '50MB'
   */
  stdoutLogfileMaxbytes?: number | string;
  /** Rotated stdout files kept (`file.1` newest ... `file.N`); 0 = truncate on rotation. @default 10 */
  stdoutLogfileBackups?: number;
  /**
   * File for the program's stderr, like `stdoutLogfile` (`'AUTO'`: `<logDir>/<name>-stderr.log`).
   * Ignored with `redirectStderr: true`. @default 'AUTO'
   */
  stderrLogfile?: LogfileSetting;
  /** Like `stdoutLogfileMaxbytes`, for the stderr file. @default '50MB' */
  stderrLogfileMaxbytes?: number | string;
  /** Like `stdoutLogfileBackups`, for the stderr file. @default 10 */
  stderrLogfileBackups?: number;
  /**
   * Write stderr lines into the stdout file (whole lines, never interleaved inside a line).
   * In memory and in `log` events they keep `stream: 'stderr'`. @default false
   */
  redirectStderr?: boolean;
  /** Prefix every line written to a file with its ISO 8601 read time and a space. @default false */
  logTimestamps?: boolean;
  /**
   * Text put before every line written to a stream target (`'/dev/stdout'`, `'/dev/stderr'`,
   * a FIFO or a device; not to files), so the lines of programs sharing a container's stdout
   * say whose they are. supervisord's templates expand: `'%(program_name)s | '`, or in a pool
   * `'%(program_name)s_%(process_num)02d | '`; `%(program_name)-8s` pads. Not in
   * supervisord. @default '' (none)
   */
  logPrefix?: string;
  /** Lines of each stream kept in memory for `tail()`; 0 keeps none. @default 1000 */
  tailLines?: number;
  /**
   * Longer lines are cut into pieces of this size (marked `continued`), which bounds the
   * memory a line without a newline can take: bytes, or a string with a KB/MB/GB suffix,
   * from 1KB to 64MB. @default '1MB'
   */
  maxLineBytes?: number | string;
}

/** One stream's file settings, normalized. */
export interface LogFileConfig {
  /** An explicit path, `'AUTO'`, or undefined for no file (`'NONE'`). */
  readonly logfile: string | undefined;
  /** 0 = never rotate. */
  readonly maxBytes: number;
  readonly backups: number;
}

/** Normalized log options. */
export interface LogConfig {
  readonly stdout: LogFileConfig;
  readonly stderr: LogFileConfig;
  readonly redirectStderr: boolean;
  readonly logTimestamps: boolean;
  /** Before every line sent to a stream target; '' for none. */
  readonly logPrefix: string;
  readonly tailLines: number;
  /** Longer lines are cut into pieces of this many bytes. */
  readonly maxLineBytes: number;
}

export const LOG_OPTION_KEYS: readonly string[] = [
  'stdoutLogfile',
  'stdoutLogfileMaxbytes',
  'stdoutLogfileBackups',
  'stderrLogfile',
  'stderrLogfileMaxbytes',
  'stderrLogfileBackups',
  'redirectStderr',
  'logTimestamps',
  'logPrefix',
  'tailLines',
  'maxLineBytes',
];

/** Defaults, as in supervisord (tailLines and maxLineBytes are ours). */
export const LOG_DEFAULTS = Object.freeze({
  maxBytes: 50 * 1024 * 1024,
  backups: 10,
  tailLines: 1000,
  maxLineBytes: 1024 * 1024,
  minLineBytes: 1024,
  maxMaxLineBytes: 64 * 1024 * 1024,
  maxBackups: 1000,
  maxTailLines: 1_000_000,
  maxLogPrefix: 256,
});

export function normalizeLogOptions(ctx: OptionContext, input: Record<string, unknown>): LogConfig {
  const redirectStderr = optBoolean(ctx, 'redirectStderr', input.redirectStderr, false);
  const stderr = normalizeFile(ctx, 'stderr', input);
  if (redirectStderr && stderr.logfile !== undefined && stderr.logfile !== 'AUTO') {
    fail(
      ctx,
      'stderrLogfile',
      input.stderrLogfile,
      'redirectStderr: true writes stderr into the stdout file; drop stderrLogfile or set redirectStderr: false.',
    );
  }
  return Object.freeze({
    stdout: normalizeFile(ctx, 'stdout', input),
    stderr: redirectStderr ? Object.freeze({ ...stderr, logfile: undefined }) : stderr,
    redirectStderr,
    logTimestamps: optBoolean(ctx, 'logTimestamps', input.logTimestamps, false),
    logPrefix: normalizeLogPrefix(ctx, input.logPrefix),
    tailLines: optInteger(
      ctx,
      'tailLines',
      input.tailLines,
      LOG_DEFAULTS.tailLines,
      0,
      LOG_DEFAULTS.maxTailLines,
    ),
    maxLineBytes: normalizeMaxLineBytes(ctx, input.maxLineBytes),
  });
}

function normalizeLogPrefix(ctx: OptionContext, value: unknown): string {
  if (value === undefined) return '';
  const valid =
    typeof value === 'string' &&
    value.length <= LOG_DEFAULTS.maxLogPrefix &&
    !/[\r\n\0]/.test(value);
  if (!valid) {
    fail(
      ctx,
      'logPrefix',
      value,
      `Use a short one-line string (at most ${LOG_DEFAULTS.maxLogPrefix} characters), for example "%(program_name)s | ".`,
    );
  }
  return value;
}

function normalizeMaxLineBytes(ctx: OptionContext, value: unknown): number {
  const bytes = optByteSize(ctx, 'maxLineBytes', value, LOG_DEFAULTS.maxLineBytes);
  if (bytes < LOG_DEFAULTS.minLineBytes || bytes > LOG_DEFAULTS.maxMaxLineBytes) {
    fail(ctx, 'maxLineBytes', value, 'Use a size from "1KB" to "64MB", for example "1MB".');
  }
  return bytes;
}

function normalizeFile(
  ctx: OptionContext,
  stream: 'stdout' | 'stderr',
  input: Record<string, unknown>,
): LogFileConfig {
  const prefix = `${stream}Logfile`;
  return Object.freeze({
    logfile: normalizeLogfile(ctx, prefix, input[prefix]),
    maxBytes: optByteSize(
      ctx,
      `${prefix}Maxbytes`,
      input[`${prefix}Maxbytes`],
      LOG_DEFAULTS.maxBytes,
    ),
    backups: optInteger(
      ctx,
      `${prefix}Backups`,
      input[`${prefix}Backups`],
      LOG_DEFAULTS.backups,
      0,
      LOG_DEFAULTS.maxBackups,
    ),
  });
}

/** 'AUTO' (default), undefined for 'NONE', or the path as given. */
function normalizeLogfile(ctx: OptionContext, option: string, value: unknown): string | undefined {
  if (value === undefined) return 'AUTO';
  const valid =
    typeof value === 'string' &&
    value.trim() !== '' &&
    !value.includes('\0') &&
    !/[/\\]$/.test(value);
  if (!valid) {
    fail(
      ctx,
      option,
      value,
      `Use a file path like "/var/log/app.log", "AUTO" (a file in the supervisor's logDir) or "NONE".`,
    );
  }
  const upper = value.toUpperCase();
  if (upper === 'NONE') return undefined;
  if (upper === 'AUTO') return 'AUTO';
  return value;
}
