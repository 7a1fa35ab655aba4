import { type Clock, SystemClock } from '../clock.js';
import { normalizeSampleInterval } from '../metrics/options.js';
import { optBoolean, optInteger, optString } from '../options/validate.js';
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
  /** @internal Process driver (tests). */
  driver?: ProcessDriver;
}

/** SupervisorOptions, validated and with their defaults. */
export interface SupervisorSettings {
  readonly clock: Clock;
  readonly driver: ProcessDriver;
  readonly logDir: string | undefined;
  readonly statsHistory: number;
  readonly handleSignals: boolean;
  readonly sampleIntervalMs: number;
  readonly killOnHostDeath: boolean;
}

/** Validates a Supervisor's options (OptionError naming the option). */
export function normalizeSupervisorOptions(options: SupervisorOptions): SupervisorSettings {
  const ctx = { program: undefined };
  return {
    clock: options.clock ?? new SystemClock(),
    driver: options.driver ?? systemDriver,
    logDir: optString(ctx, 'logDir', options.logDir),
    statsHistory: optInteger(ctx, 'statsHistory', options.statsHistory, 60, 1),
    handleSignals: optBoolean(ctx, 'handleSignals', options.handleSignals, true),
    sampleIntervalMs: normalizeSampleInterval(ctx, options.sampleIntervalMs),
    killOnHostDeath: optBoolean(ctx, 'killOnHostDeath', options.killOnHostDeath, true),
  };
}
