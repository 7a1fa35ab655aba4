import type { DependencyCondition, DependsOnEntry } from '../health/dependency-condition.js';
import type { LivenessConfig, LivenessOptions } from '../health/liveness-options.js';
import type { EventConfig, EventOptions } from '../listeners/options.js';
import type { LogConfig, LogOptions } from '../logs/options.js';
import type { ResourceConfig, ResourceOptions } from '../metrics/options.js';
import type { BackoffOptions } from '../program/backoff.js';
import type { HookConfig, HookOptions } from '../program/hooks.js';
import type { ReadinessConfig, ReadinessOptions } from '../program/readiness.js';
import type { ScheduleConfig, ScheduleOptions } from '../program/schedule.js';

/**
 * How a program is run and supervised. Names are supervisord's options in camelCase, with
 * the same defaults and units (seconds where the name says Secs).
 */
export interface CoreProgramOptions {
  /** Unique name. No spaces, ':' or '/'. */
  name: string;
  /**
   * What to run: a command line split like a POSIX shell (no shell is run), or an argv
   * array. The program is looked up on PATH (the program's own PATH first).
   */
  command: string | readonly string[];
  /** Run `command` through `/bin/sh -c` instead of splitting it. @default false */
  shell?: boolean;
  /** Working directory. @default the host's cwd */
  directory?: string;
  /** Extra environment variables, merged over the host's. @default {} */
  environment?: Readonly<Record<string, string>>;
  /** Start from the host's environment (false: only `environment` and SUPERVISOR_*). @default true */
  inheritEnvironment?: boolean;
  /** Run as this user (name or uid). Only when the host runs as root. */
  user?: string | number;
  /** File mode creation mask, as a number (0o022) or an octal string ('022'). @default inherited */
  umask?: number | string;
  /** Lower starts first and stops last. @default 999 */
  priority?: number;
  /** Start when the supervisor starts (or when added to a started supervisor). @default true */
  autostart?: boolean;
  /** Seconds the process must stay up to count as RUNNING; 0 = at once. @default 1 */
  startSecs?: number;
  /** Retries from BACKOFF before FATAL (startRetries + 1 attempts in all). @default 3 */
  startRetries?: number;
  /**
   * Restart after the process exits from RUNNING: always, never, or only when the exit code
   * is not in `exitCodes`. @default 'unexpected'
   */
  autorestart?: boolean | 'unexpected';
  /** Expected exit codes (0-255). @default [0] */
  exitCodes?: readonly number[];
  /** Signal that asks the process to stop: name ('TERM', 'SIGINT') or number. @default 'TERM' */
  stopSignal?: string | number;
  /** Seconds to wait after the stop signal before SIGKILL (repeated until reaped). @default 10 */
  stopWaitSecs?: number;
  /**
   * Send the stop signal to the whole process group, and after any exit kill every
   * descendant still alive. Differs from supervisord (false there), on purpose: no orphans.
   * @default true
   */
  stopAsGroup?: boolean;
  /** Send SIGKILL to the whole process group. @default stopAsGroup */
  killAsGroup?: boolean;
  /**
   * Delay between attempts in BACKOFF. Beyond supervisord, opt-in.
   * @default { type: 'linear' } (1 s, 2 s, 3 s, ...)
   */
  backoff?: BackoffOptions;
  /**
   * Give up (FATAL) when the program exits more than `maxRestarts` times within
   * `withinSecs`, counting crashes after RUNNING too. Beyond supervisord, opt-in.
   */
  restartBudget?: { maxRestarts: number; withinSecs: number };
  /**
   * Programs (or groups) that must be RUNNING before this one starts, by address ("db",
   * "group:name", "group:*"), or that must reach another condition: `{ name: 'migrate',
   * condition: 'completed-successfully' }` ('running', 'healthy', 'completed',
   * 'completed-successfully'). The supervisor starts dependencies first and stops dependents
   * first. Beyond supervisord, opt-in.
   */
  dependsOn?: readonly DependsOnEntry[];
  /**
   * When a started program counts as RUNNING: a log line, a TCP port, or a check, instead of
   * startSecs; not ready within timeoutSecs is a failed start. Beyond supervisord, opt-in.
   */
  readiness?: ReadinessOptions;
  /**
   * Probes while RUNNING (http, port, exec or check, and/or silenceSecs); failureThreshold
   * failures in a row restart the program with exit cause 'liveness'. Beyond supervisord,
   * opt-in. See docs/health.md.
   */
  liveness?: LivenessOptions;
  /** Lines of each stream kept in a crash report (`crash` event, `lastCrash`). @default 50 */
  crashReportLines?: number;
}

/** Every option of a program. */
export interface ProgramOptions
  extends CoreProgramOptions,
    LogOptions,
    ResourceOptions,
    HookOptions,
    ScheduleOptions,
    EventOptions {}

/** A restart budget, normalized. */
export interface RestartBudget {
  readonly maxRestarts: number;
  readonly withinMs: number;
}

/** Options after validation: complete, frozen, in the units the code uses. */
export interface ProgramConfig {
  readonly name: string;
  readonly group: string;
  readonly argv: readonly string[];
  readonly shell: boolean;
  readonly directory: string | undefined;
  readonly environment: Readonly<Record<string, string>>;
  readonly inheritEnvironment: boolean;
  readonly user: string | number | undefined;
  readonly umask: number | undefined;
  readonly priority: number;
  readonly autostart: boolean;
  readonly startSecs: number;
  readonly startRetries: number;
  readonly autorestart: boolean | 'unexpected';
  readonly exitCodes: readonly number[];
  readonly stopSignal: NodeJS.Signals;
  readonly stopWaitSecs: number;
  readonly stopAsGroup: boolean;
  readonly killAsGroup: boolean;
  /** Delay before the retry that follows the n-th BACKOFF (n from 1), in milliseconds. */
  readonly backoffMs: (tries: number) => number;
  readonly restartBudget: RestartBudget | undefined;
  readonly dependsOn: readonly string[];
  /** The condition of each dependsOn address ('running' unless given). */
  readonly dependencyConditions: Readonly<Record<string, DependencyCondition>>;
  readonly readiness: ReadinessConfig | undefined;
  readonly liveness: LivenessConfig | undefined;
  readonly crashReportLines: number;
  readonly logs: LogConfig;
  readonly resources: ResourceConfig;
  readonly hooks: HookConfig | undefined;
  readonly schedule: ScheduleConfig | undefined;
  /** Events for supervisord-style listeners, and the listener role. */
  readonly events: EventConfig;
}
