import { type Clock, SystemClock } from '../clock.js';
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
import { type ProcessDriver, systemDriver } from '../process/driver.js';

export interface SupervisorOptions {
  /** Directory for 'AUTO' log files. @default none (AUTO logs only in memory) */
  logDir?: string;
  /** Time source; a ManualClock in tests. @default SystemClock */
  clock?: Clock;
  /**
   * Stop every child when the host gets SIGINT or SIGTERM (then let the signal end the host),
   * and SIGKILL them when the host exits without stopping. @default true
   */
  handleSignals?: boolean;
  /** Milliseconds between CPU/memory sampling passes; 0 = off. @default 1000 */
  sampleIntervalMs?: number;
  /** Samples kept per program. @default 60 */
  statsHistory?: number;
  /**
   * Keep a tiny watchdog process (/bin/sh) that SIGKILLs every child's process group if the
   * host dies in a way no handler sees (SIGKILL, OOM killer, a crash). @default true
   */
  killOnHostDeath?: boolean;
  /**
   * Make the host a child subreaper (Linux, through overseer's native addon): a descendant
   * that escapes its program's group and session (setsid, a double fork) re-parents to the
   * host instead of init when its parent dies, so it is found, swept and reaped at once. Without
   * the addon this is silently off (see docs/reliability.md). @default true
   */
  subreaper?: boolean;
  /**
   * The supervisord.conf this supervisor's configuration comes from (set by
   * loadSupervisordConfig): `update()` and `reread()` without an argument read it again.
   */
  configFile?: string;
  /** Environment for %(ENV_X)s when `configFile` is read again. @default process.env */
  configEnv?: Readonly<Record<string, string | undefined>>;
  /** @internal Process driver (tests). */
  driver?: ProcessDriver;
}

/**
 * Every option `new Supervisor()` accepts. A test checks that each key of SupervisorOptions
 * is listed here: whoever adds an option adds it to both.
 */
export const SUPERVISOR_OPTION_KEYS: readonly string[] = [
  'logDir',
  'clock',
  'handleSignals',
  'sampleIntervalMs',
  'statsHistory',
  'killOnHostDeath',
  'subreaper',
  'configFile',
  'configEnv',
  'driver',
];

/** SupervisorOptions, validated and with their defaults. */
export interface SupervisorSettings {
  readonly clock: Clock;
  readonly driver: ProcessDriver;
  readonly logDir: string | undefined;
  readonly statsHistory: number;
  readonly handleSignals: boolean;
  readonly sampleIntervalMs: number;
  readonly killOnHostDeath: boolean;
  readonly subreaper: boolean;
  readonly configFile: string | undefined;
  readonly configEnv: Readonly<Record<string, string | undefined>> | undefined;
}

/**
 * Validates a Supervisor's options like program options: an unknown key (`logdir`) gets a
 * did-you-mean, every value is checked, and only OptionErrors are thrown.
 */
export function normalizeSupervisorOptions(
  input: SupervisorOptions | undefined,
): SupervisorSettings {
  const ctx = { program: undefined };
  if (input !== undefined && !isPlainObject(input)) {
    fail(ctx, 'options', input, 'Pass an object like { logDir: "/var/log/app" }, or nothing.');
  }
  checkInputShape(ctx, 'options', input);
  const options = (input ?? {}) as SupervisorOptions & Record<string, unknown>;
  const { clock, driver } = options;
  rejectUnknownKeys(ctx, options, SUPERVISOR_OPTION_KEYS);
  return {
    clock:
      checkService(ctx, 'clock', clock, ['now', 'setTimeout', 'clearTimeout']) ?? new SystemClock(),
    driver: checkService(ctx, 'driver', driver, ['spawn']) ?? systemDriver,
    logDir: optString(ctx, 'logDir', options.logDir),
    statsHistory: optInteger(ctx, 'statsHistory', options.statsHistory, 60, 1),
    handleSignals: optBoolean(ctx, 'handleSignals', options.handleSignals, true),
    sampleIntervalMs: normalizeSampleInterval(ctx, options.sampleIntervalMs),
    killOnHostDeath: optBoolean(ctx, 'killOnHostDeath', options.killOnHostDeath, true),
    subreaper: optBoolean(ctx, 'subreaper', options.subreaper, true),
    configFile: optString(ctx, 'configFile', options.configFile),
    configEnv: options.configEnv,
  };
}

/** The clock and the driver are objects with methods, not data: checked by their methods. */
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
