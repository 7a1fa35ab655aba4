import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { OptionError } from '../errors.js';
import type { LogStream } from './program-logs.js';

/** What a log path is resolved against. */
export interface LogPathContext {
  readonly name: string;
  readonly logDir: string | undefined;
}

/**
 * The absolute file a stream writes to, or undefined for none. `'AUTO'` is
 * `<logDir>/<name>-<stream>.log` (no file without a logDir): the two suffixes make names of
 * different programs and streams collide never, and the check below guarantees that no
 * program name can place the file outside logDir. Other relative paths resolve against
 * logDir, or the host's working directory without one.
 */
export function resolveLogPath(
  setting: string | undefined,
  stream: LogStream,
  ctx: LogPathContext,
): string | undefined {
  if (setting === undefined) return undefined;
  if (setting !== 'AUTO') {
    return isAbsolute(setting) ? resolve(setting) : resolve(ctx.logDir ?? '.', setting);
  }
  if (ctx.logDir === undefined) return undefined;
  return autoLogPath(ctx.logDir, ctx.name, stream);
}

/** `<logDir>/<name>-<stream>.log`, refusing any name that would leave logDir. */
export function autoLogPath(logDir: string, name: string, stream: LogStream): string {
  const dir = resolve(logDir);
  const fileName = `${name}-${stream}.log`;
  const file = resolve(dir, fileName);
  if (dirname(file) !== dir || basename(file) !== fileName) {
    throw new OptionError({
      program: name,
      option: 'name',
      value: name,
      fix: 'A program name cannot contain "/", "\\" or be "." or "..": its log file must stay in logDir.',
    });
  }
  return file;
}

/** supervisord's rotation naming: `file` is current, `file.1` the newest backup ... `file.N`. */
export function rotatedName(file: string, index: number): string {
  return index > 0 ? `${file}.${index}` : file;
}

/** Every file of a log, oldest first: `file.N` ... `file.1`, `file`. */
export function rotationSeries(file: string, backups: number): string[] {
  const names: string[] = [];
  for (let i = backups; i >= 0; i--) names.push(rotatedName(file, i));
  return names;
}
