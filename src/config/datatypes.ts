import { existsSync, statSync } from 'node:fs';
import { constants, homedir } from 'node:os';
import { dirname } from 'node:path';
import { lookupUser } from '../process/users.js';

/**
 * supervisord's value types (supervisor/datatypes.py). Each converter throws an Error whose
 * message says what is wrong and what a valid value looks like; the loader adds where.
 */

const TRUTHY = ['yes', 'true', 'on', '1'];
const FALSY = ['no', 'false', 'off', '0'];

export function boolean(value: string): boolean {
  const v = value.toLowerCase();
  if (TRUTHY.includes(v)) return true;
  if (FALSY.includes(v)) return false;
  throw new Error('Not a boolean: use true/false, yes/no, on/off or 1/0.');
}

/** Python's int(): optional sign, digits (underscores between them), blanks around. */
export function integer(value: string): number {
  if (!/^\s*[+-]?\d+(_\d+)*\s*$/.test(value))
    throw new Error('Not a whole number: use digits, like 10.');
  return Number(value.trim().replaceAll('_', ''));
}

const SIZE_SUFFIXES: Record<string, number> = { kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** Bytes, or a number with a KB/MB/GB suffix (case-insensitive; 1KB = 1024). */
export function byteSize(value: string): number {
  const v = value.toLowerCase();
  const multiplier = SIZE_SUFFIXES[v.slice(-2)];
  try {
    return multiplier === undefined ? integer(v) : integer(v.slice(0, -2)) * multiplier;
  } catch {
    throw new Error('Not a size: use bytes or a number with KB, MB or GB, like 50MB.');
  }
}

export function exitCodes(value: string): number[] {
  if (value === '') return [];
  const codes = value.split(',').map((c) => {
    const n = /^\s*[+-]?\d+\s*$/.test(c) ? Number(c) : Number.NaN;
    if (!(n >= 0 && n <= 255)) throw new Error('Not a list of exit codes: use 0-255, like 0,2.');
    return n;
  });
  return codes;
}

export function listOfStrings(value: string): string[] {
  return value === '' ? [] : value.split(',').map((s) => s.trim());
}

/** A signal name (TERM, SIGTERM, term) or number, as the name without SIG. */
export function signalName(value: string): string {
  const signals = constants.signals as Record<string, number>;
  if (/^\s*\d+\s*$/.test(value)) {
    const n = Number(value);
    const name = Object.keys(signals).find((k) => signals[k] === n);
    if (name) return name.slice(3);
    throw new Error('Not a signal number on this system.');
  }
  const name = value.trim().toUpperCase();
  const full = name.startsWith('SIG') ? name : `SIG${name}`;
  if (signals[full] === undefined)
    throw new Error('Not a signal name: use TERM, INT, QUIT, HUP, KILL, USR1, USR2.');
  return full.slice(3);
}

/** Python's int(value, 8): "022", "0o22". */
export function octal(value: string): number {
  const v = value.trim().replace(/^[+]/, '').replace(/^0o/i, '');
  if (!/^[0-7]+(_[0-7]+)*$/.test(v))
    throw new Error('Not an octal number: use digits 0-7, like 022.');
  return Number.parseInt(v.replaceAll('_', ''), 8);
}

export function autorestart(value: string): boolean | 'unexpected' {
  const v = value.toLowerCase();
  if (v === 'unexpected') return 'unexpected';
  try {
    return boolean(v);
  } catch {
    throw new Error('Use true (always), false (never) or unexpected.');
  }
}

/** "~" and "~/" at the start, as os.path.expanduser. */
export function expandUser(path: string): string {
  return path === '~' || path.startsWith('~/') ? homedir() + path.slice(1) : path;
}

export type LogfileName = 'AUTO' | 'NONE' | 'SYSLOG' | { readonly path: string };

/** supervisord's logfile_name: NONE/OFF, AUTO, SYSLOG (deprecated), or a path in an existing directory. */
export function logfileName(value: string): LogfileName {
  const v = value.toLowerCase();
  if (v === 'none' || v === 'off') return 'NONE';
  if (v === 'auto') return 'AUTO';
  if (v === 'syslog') return 'SYSLOG';
  const path = expandUser(value);
  const dir = dirname(path);
  if (dir !== '.' && !isDirectory(dir)) {
    throw new Error(`The directory ${dir} does not exist: create it, or use AUTO or NONE.`);
  }
  return { path };
}

function isDirectory(dir: string): boolean {
  try {
    return existsSync(dir) && statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/** supervisord's name_to_uid: the user must exist (by name or uid). */
export function userName(value: string): string | number {
  const user = /^\d+$/.test(value) ? Number(value) : value;
  if (!lookupUser(user)) throw new Error(`No such user on this system.`);
  return user;
}

/** supervisord's process_or_group_name: no space, ':' or '/'. */
export function processName(value: string): string {
  const s = value.trim();
  if (/[ :/]/.test(s)) throw new Error('A name cannot contain a space, ":" or "/".');
  return s;
}
