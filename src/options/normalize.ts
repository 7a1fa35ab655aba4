import { normalizeDependsOn } from '../health/dependency-condition.js';
import { normalizeLiveness } from '../health/liveness-options.js';
import { EVENT_OPTION_KEYS, normalizeEventOptions } from '../listeners/options.js';
import { LOG_OPTION_KEYS, normalizeLogOptions } from '../logs/options.js';
import { normalizeResourceOptions, RESOURCE_OPTION_KEYS } from '../metrics/options.js';
import { optSignal } from '../process/signals.js';
import { normalizeBackoff } from '../program/backoff.js';
import { HOOK_OPTION_KEYS, normalizeHooks } from '../program/hooks.js';
import { normalizeReadiness } from '../program/readiness.js';
import { normalizeSchedule, SCHEDULE_OPTION_KEYS } from '../program/schedule.js';
import { normalizeCommand } from './command.js';
import { checkInputShape } from './input-shape.js';
import type { ProgramConfig, RestartBudget } from './program-options.js';
import { SharedValue } from './shared-values.js';
import {
  fail,
  isPlainObject,
  type OptionContext,
  optBoolean,
  optInteger,
  optOneOf,
  optSeconds,
  optString,
  rejectUnknownKeys,
} from './validate.js';

/** Every option a program accepts, for the unknown-key check. */
export const CORE_OPTION_KEYS = [
  'name',
  'command',
  'shell',
  'directory',
  'environment',
  'inheritEnvironment',
  'user',
  'umask',
  'priority',
  'autostart',
  'startSecs',
  'startRetries',
  'autorestart',
  'exitCodes',
  'stopSignal',
  'stopWaitSecs',
  'stopAsGroup',
  'killAsGroup',
  'backoff',
  'restartBudget',
  'dependsOn',
  'readiness',
  'liveness',
  'crashReportLines',
] as const;

/** Pool options, accepted here and handled by planPool. */
const POOL_KEYS = ['numprocs', 'numprocsStart', 'processName'] as const;

const ALL_KEYS: readonly string[] = [
  ...CORE_OPTION_KEYS,
  ...LOG_OPTION_KEYS,
  ...RESOURCE_OPTION_KEYS,
  ...HOOK_OPTION_KEYS,
  ...SCHEDULE_OPTION_KEYS,
  ...EVENT_OPTION_KEYS,
  ...POOL_KEYS,
];

/** Values programs with the same settings share (see shared-values.ts); data only, no functions. */
const SHARED = {
  environment: new SharedValue<ProgramConfig['environment']>(),
  exitCodes: new SharedValue<ProgramConfig['exitCodes']>(),
  dependsOn: new SharedValue<ProgramConfig['dependsOn']>(),
  conditions: new SharedValue<ProgramConfig['dependencyConditions']>(),
  logs: new SharedValue<ProgramConfig['logs']>(),
  events: new SharedValue<ProgramConfig['events']>(),
};

/**
 * Validates a program's options and fills in supervisord's defaults. Throws an OptionError
 * on the first bad option; never touches the system.
 */
export function normalizeProgramOptions(input: unknown, group?: string): ProgramConfig {
  if (!isPlainObject(input)) {
    fail({}, 'options', input, 'Pass an object like { name: "web", command: "node server.js" }.');
  }
  checkInputShape({ program: nameForMessages(input) }, 'options', input);
  const name = validateName({}, 'name', input.name);
  const ctx: OptionContext = { program: name };
  rejectUnknownKeys(ctx, input, ALL_KEYS);
  const shell = optBoolean(ctx, 'shell', input.shell, false);
  const stopAsGroup = optBoolean(ctx, 'stopAsGroup', input.stopAsGroup, true);
  const killAsGroup = optBoolean(ctx, 'killAsGroup', input.killAsGroup, stopAsGroup);
  if (stopAsGroup && !killAsGroup) {
    fail(
      ctx,
      'killAsGroup',
      false,
      'stopAsGroup: true needs killAsGroup: true (as in supervisord); drop killAsGroup or set stopAsGroup: false.',
    );
  }
  const deps = normalizeDependsOn(ctx, input.dependsOn);
  return Object.freeze({
    name,
    group: group ?? name,
    argv: normalizeCommand(ctx, input.command, shell),
    shell,
    directory: optString(ctx, 'directory', input.directory),
    environment: SHARED.environment.share(normalizeEnvironment(ctx, input.environment)),
    inheritEnvironment: optBoolean(ctx, 'inheritEnvironment', input.inheritEnvironment, true),
    user: normalizeUser(ctx, input.user),
    umask: normalizeUmask(ctx, input.umask),
    priority: optInteger(ctx, 'priority', input.priority, 999, Number.MIN_SAFE_INTEGER),
    autostart: optBoolean(ctx, 'autostart', input.autostart, true),
    startSecs: optSeconds(ctx, 'startSecs', input.startSecs, 1),
    startRetries: optInteger(ctx, 'startRetries', input.startRetries, 3),
    autorestart: optOneOf<boolean | 'unexpected'>(
      ctx,
      'autorestart',
      input.autorestart,
      'unexpected',
      [true, false, 'unexpected'],
    ),
    exitCodes: SHARED.exitCodes.share(normalizeExitCodes(ctx, input.exitCodes)),
    stopSignal: optSignal(ctx, 'stopSignal', input.stopSignal, 'SIGTERM'),
    stopWaitSecs: optSeconds(ctx, 'stopWaitSecs', input.stopWaitSecs, 10),
    stopAsGroup,
    killAsGroup,
    backoffMs: normalizeBackoff(ctx, input.backoff),
    restartBudget: normalizeBudget(ctx, input.restartBudget),
    dependsOn: SHARED.dependsOn.share(deps.dependsOn),
    dependencyConditions: SHARED.conditions.share(deps.conditions),
    readiness: normalizeReadiness(ctx, input.readiness),
    liveness: normalizeLiveness(ctx, input.liveness),
    crashReportLines: optInteger(ctx, 'crashReportLines', input.crashReportLines, 50, 0),
    logs: SHARED.logs.share(normalizeLogOptions(ctx, input)),
    resources: normalizeResourceOptions(ctx, input),
    hooks: normalizeHooks(ctx, input),
    schedule: normalizeSchedule(ctx, input),
    events: SHARED.events.share(normalizeEventOptions(ctx, input)),
  });
}

/** The program's name for error messages, when it is a readable string (before any check). */
export function nameForMessages(input: Record<string, unknown>): string | undefined {
  try {
    const name = input.name;
    return typeof name === 'string' && !name.includes('\0') ? name : undefined;
  } catch {
    return undefined;
  }
}

/** Names end up in log paths, events and "group:name" addresses. */
export function validateName(ctx: OptionContext, option: string, value: unknown): string {
  if (
    typeof value !== 'string' ||
    !/^[^\s:/\\\0]+$/.test(value) ||
    value === '.' ||
    value === '..'
  ) {
    fail(
      ctx,
      option,
      value,
      'Use a non-empty name without spaces, ":" or "/", for example "web" or "worker_01".',
    );
  }
  return value;
}

function normalizeEnvironment(
  ctx: OptionContext,
  value: unknown,
): Readonly<Record<string, string>> {
  if (value === undefined) return Object.freeze({});
  if (!isPlainObject(value)) {
    fail(ctx, 'environment', value, 'Use an object of strings, like { NODE_ENV: "production" }.');
  }
  for (const [key, v] of Object.entries(value)) {
    if (key === '' || key.includes('=') || key.includes('\0')) {
      fail(ctx, `environment.${key}`, key, 'Variable names cannot be empty or contain "=" or NUL.');
    }
    if (typeof v !== 'string') {
      const example = typeof v === 'number' || typeof v === 'boolean' ? String(v) : 'value';
      fail(ctx, `environment.${key}`, v, `Use a string value, like ${key}: "${example}".`);
    }
  }
  return Object.freeze({ ...(value as Record<string, string>) });
}

function normalizeExitCodes(ctx: OptionContext, value: unknown): readonly number[] {
  if (value === undefined) return Object.freeze([0]);
  const ok =
    Array.isArray(value) &&
    value.every((c) => typeof c === 'number' && Number.isInteger(c) && c >= 0 && c <= 255);
  if (!ok)
    fail(ctx, 'exitCodes', value, 'Use an array of whole numbers from 0 to 255, like [0, 2].');
  return Object.freeze([...new Set(value as number[])]);
}

function normalizeUmask(ctx: OptionContext, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const mask =
    typeof value === 'string' && /^0?o?[0-7]{1,4}$/i.test(value)
      ? Number.parseInt(value.replace(/^0?o/i, ''), 8)
      : value;
  if (typeof mask !== 'number' || !Number.isInteger(mask) || mask < 0 || mask > 0o777) {
    fail(
      ctx,
      'umask',
      value,
      'Use an octal string like "022" or a number like 0o022 (0 to 0o777).',
    );
  }
  return mask;
}

function normalizeUser(ctx: OptionContext, value: unknown): string | number | undefined {
  if (value === undefined) return undefined;
  const valid =
    (typeof value === 'string' && value !== '') ||
    (typeof value === 'number' && Number.isInteger(value) && value >= 0);
  if (!valid) fail(ctx, 'user', value, 'Use a user name like "www-data" or a numeric uid.');
  const uid = process.getuid?.();
  const me = uid === undefined ? undefined : uid;
  if (me !== 0 && value !== me && !isCurrentUserName(value)) {
    fail(
      ctx,
      'user',
      value,
      'Switching user needs the host to run as root; run as root or drop "user".',
    );
  }
  return value as string | number;
}

function isCurrentUserName(value: unknown): boolean {
  return typeof value === 'string' && value === (process.env.USER ?? process.env.LOGNAME);
}

function normalizeBudget(ctx: OptionContext, value: unknown): RestartBudget | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) {
    fail(ctx, 'restartBudget', value, 'Use { maxRestarts: 5, withinSecs: 60 }.');
  }
  return Object.freeze({
    maxRestarts: optInteger(ctx, 'restartBudget.maxRestarts', value.maxRestarts, 5),
    withinMs: Math.round(1000 * optSeconds(ctx, 'restartBudget.withinSecs', value.withinSecs, 60)),
  });
}
