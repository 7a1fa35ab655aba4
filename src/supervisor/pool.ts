import { createHash } from 'node:crypto';
import { checkInputShape } from '../options/input-shape.js';
import { nameForMessages, normalizeProgramOptions, validateName } from '../options/normalize.js';
import type { ProgramConfig, ProgramOptions } from '../options/program-options.js';
import {
  fail,
  isPlainObject,
  type OptionContext,
  optInteger,
  optString,
} from '../options/validate.js';
import { expandDeep, expandTemplate, type TemplateVars } from './templates.js';

/**
 * A program with supervisord's numprocs: `numprocs` copies named by the `processName`
 * template, in one group named after the program.
 */
export interface PoolOptions extends ProgramOptions {
  /** How many processes. @default 1 */
  numprocs?: number;
  /** The first process_num. @default 0 */
  numprocsStart?: number;
  /**
   * Name of each process; must contain %(process_num) when numprocs > 1.
   * @default '%(program_name)s'
   */
  processName?: string;
}

/** One process of a pool, ready to add. */
export interface PoolMember {
  readonly processNum: number;
  readonly config: ProgramConfig;
  /** Equal fingerprints mean equal settings (for live reconfiguration). */
  readonly fingerprint: string;
}

/** A pool, validated: its settings and a way to build any member. */
export interface PoolPlan {
  readonly programName: string;
  readonly group: string;
  readonly numprocs: number;
  readonly numprocsStart: number;
  readonly priority: number | undefined;
  member(processNum: number, numprocs?: number): PoolMember;
  /** Every member for the current numprocs. */
  members(): PoolMember[];
}

/** Validates a pool's options; nothing is spawned. Throws OptionError. */
export function planPool(input: PoolOptions, group?: string, groupPriority?: number): PoolPlan {
  if (!isPlainObject(input))
    fail(
      {},
      'options',
      input,
      'Pass an object like { name: "worker", command: "node worker.js", numprocs: 4 }.',
    );
  checkInputShape({ program: nameForMessages(input) }, 'options', input);
  const programName = validateName({}, 'name', input.name);
  const ctx: OptionContext = { program: programName };
  const numprocs = optInteger(ctx, 'numprocs', input.numprocs, 1, 0);
  const numprocsStart = optInteger(ctx, 'numprocsStart', input.numprocsStart, 0);
  const processName = optString(ctx, 'processName', input.processName) ?? '%(program_name)s';
  if (numprocs > 1 && !processName.includes('%(process_num)')) {
    fail(
      ctx,
      'processName',
      processName,
      `With numprocs ${numprocs}, each name must differ: use something like "%(program_name)s_%(process_num)02d".`,
    );
  }
  const { numprocs: _n, numprocsStart: _s, processName: _p, ...rest } = input;
  const groupName = group ?? programName;
  const base =
    groupPriority !== undefined && rest.priority === undefined
      ? { ...rest, priority: groupPriority }
      : rest;
  const member = (processNum: number, count = numprocs): PoolMember => {
    const vars: TemplateVars = {
      program_name: programName,
      process_num: processNum,
      group_name: groupName,
      numprocs: count,
    };
    const name = expandTemplate(ctx, 'processName', processName, vars);
    const options = { ...expandMemberOptions(ctx, base, vars), name };
    return {
      processNum,
      config: normalizeProgramOptions(options, groupName),
      fingerprint: fingerprint(options),
    };
  };
  const first = member(numprocsStart);
  return {
    programName,
    group: groupName,
    numprocs,
    numprocsStart,
    priority: first.config.priority,
    member,
    members: () =>
      Array.from({ length: numprocs }, (_, i) => (i === 0 ? first : member(numprocsStart + i))),
  };
}

const EXPANDED_KEYS = [
  'command',
  'directory',
  'environment',
  'stdoutLogfile',
  'stderrLogfile',
  'logPrefix',
];

function expandMemberOptions(
  ctx: OptionContext,
  options: ProgramOptions,
  vars: TemplateVars,
): ProgramOptions {
  const out: Record<string, unknown> = { ...options };
  for (const key of EXPANDED_KEYS) {
    if (out[key] !== undefined) out[key] = expandDeep(ctx, key, out[key], vars);
  }
  return out as unknown as ProgramOptions;
}

const functionIds = new WeakMap<object, number>();
let nextFunctionId = 1;

/**
 * A stable digest for comparing settings: the SHA-256 of their JSON with keys sorted and
 * functions by identity. Every program keeps its own for update(), so the 44 characters of
 * the digest are kept rather than the whole JSON (a few hundred bytes of joined strings).
 */
export function fingerprint(value: unknown): string {
  return createHash('sha256').update(settingsText(value)).digest('base64');
}

/** The settings as JSON: keys sorted, functions by identity. */
function settingsText(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'function') {
      if (!functionIds.has(v)) functionIds.set(v, nextFunctionId++);
      return `[function ${functionIds.get(v)}]`;
    }
    if (isPlainObject(v))
      return Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)));
    return v;
  });
}
