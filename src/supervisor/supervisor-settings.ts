import type { Clock } from '../clock.js';
import { normalizeSampleInterval } from '../metrics/options.js';
import { checkInputShape } from '../options/input-shape.js';
import {
  fail,
  isPlainObject,
  type OptionContext,
  optBoolean,
  optInteger,
  optString,
  rejectUnknownKeys,
} from '../options/validate.js';
import type { ProcessDriver } from '../process/driver.js';
import type { SupervisorOptions } from './supervisor-options.js';

/**
 * Every option `new Supervisor()` accepts. A test checks that each key of SupervisorOptions
 * is listed here: a helper adding an option adds it to both.
 */
export const SUPERVISOR_OPTION_KEYS: readonly string[] = [
  'logDir',
  'clock',
  'handleSignals',
  'sampleIntervalMs',
  'statsHistory',
  'killOnHostDeath',
  'subreaper',
  'driver',
];

/** Supervisor options after validation (only the ones the Supervisor reads itself). */
export interface SupervisorSettings {
  readonly clock: Clock | undefined;
  readonly driver: ProcessDriver | undefined;
  readonly logDir: string | undefined;
  readonly statsHistory: number;
  readonly handleSignals: boolean;
  readonly sampleIntervalMs: number;
  readonly killOnHostDeath: boolean;
  readonly subreaper: boolean;
}

/**
 * Validates `new Supervisor(options)` like program options: an unknown key (`logdir`) is
 * refused with a did-you-mean, every value is checked, and only OptionErrors are thrown.
 */
export function normalizeSupervisorOptions(input: unknown, extraKeys: readonly string[] = []) {
  const ctx: OptionContext = {};
  if (input === undefined) return settings(ctx, {});
  if (!isPlainObject(input)) {
    fail(ctx, 'options', input, 'Pass an object like { logDir: "/var/log/app" }, or nothing.');
  }
  checkInputShape(ctx, 'options', withoutServices(input));
  rejectUnknownKeys(ctx, input, [...SUPERVISOR_OPTION_KEYS, ...extraKeys]);
  return settings(ctx, input as SupervisorOptions);
}

function settings(ctx: OptionContext, o: SupervisorOptions): SupervisorSettings {
  return Object.freeze({
    clock: checkService(ctx, 'clock', o.clock, ['now', 'setTimeout', 'clearTimeout']),
    driver: checkService(ctx, 'driver', o.driver, ['spawn']),
    logDir: optString(ctx, 'logDir', o.logDir),
    statsHistory: optInteger(ctx, 'statsHistory', o.statsHistory, 60, 1),
    handleSignals: optBoolean(ctx, 'handleSignals', o.handleSignals, true),
    sampleIntervalMs: normalizeSampleInterval(ctx, o.sampleIntervalMs),
    killOnHostDeath: optBoolean(ctx, 'killOnHostDeath', o.killOnHostDeath, true),
    subreaper: optBoolean(ctx, 'subreaper', o.subreaper, true),
  });
}

/** The clock and the driver are objects with methods, not data: checked by their methods. */
function withoutServices(input: Record<string, unknown>): Record<string, unknown> {
  const { clock: _c, driver: _d, ...rest } = input;
  return rest;
}

function checkService<T>(
  ctx: OptionContext,
  option: string,
  value: T | undefined,
  methods: readonly string[],
): T | undefined {
  if (value === undefined) return undefined;
  const ok =
    typeof value === 'object' &&
    value !== null &&
    methods.every((m) => typeof (value as Record<string, unknown>)[m] === 'function');
  if (!ok) {
    fail(
      ctx,
      option,
      value,
      `Pass an object with ${methods.join(', ')} methods, or leave "${option}" out.`,
    );
  }
  return value;
}
