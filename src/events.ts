import type { CrashReport } from './health/crash-report.js';
import type { HealthEvent } from './health/health-status.js';
import type { ReadinessResult } from './health/readiness-result.js';
import type { LogLine } from './logs/log-line.js';
import type { ProgramStats } from './metrics/sampler.js';
import type { ProcessState } from './states.js';
import type { GroupStrategy } from './supervisor/strategies.js';

/** Why a process ended. */
export type ExitCause =
  /** It exited on its own with a code. */
  | 'exit'
  /** It was killed by a signal nobody in the supervisor asked for. */
  | 'signal'
  /** It could not be spawned (see `spawnError`). */
  | 'spawn-error'
  /** The supervisor stopped it (stop(), restart(), shutdown). */
  | 'stop-requested'
  /** The supervisor restarted it because its memory stayed over `memoryLimit`. */
  | 'resource-limit'
  /** It was stopped because its readiness probe did not pass within the start timeout. */
  | 'start-timeout'
  /** It was restarted because it had been up for `maxRuntimeSecs`. */
  | 'max-runtime'
  /** It was restarted at a time its `restartSchedule` names. */
  | 'scheduled'
  /** It was restarted because its liveness probe failed failureThreshold times in a row. */
  | 'liveness';

/** An exit is data: everything known about how one process run ended. */
export interface ExitInfo {
  /** Exit code, or null when it died by a signal. */
  readonly code: number | null;
  /** Signal name (`SIGKILL`), or null when it exited with a code. */
  readonly signal: NodeJS.Signals | null;
  /** supervisord's exitstatus: the code, or -1 when killed by a signal. */
  readonly exitStatus: number;
  /** The code is in `exitCodes` (a death by signal is never expected). */
  readonly expected: boolean;
  /** Milliseconds between spawn and exit. */
  readonly uptimeMs: number;
  /** SIGKILL had to be sent because the stop signal was not enough. */
  readonly forced: boolean;
  readonly cause: ExitCause;
  /** Epoch milliseconds of the exit. */
  readonly time: number;
}

/** Payload of the `state` event: one transition. */
export interface StateChange {
  /** Process name (`web`, `worker_03`). */
  readonly name: string;
  readonly group: string;
  readonly from: ProcessState;
  readonly to: ProcessState;
  /** The pid, or 0 when there is none (STOPPED from BACKOFF, FATAL...). */
  readonly pid: number;
  /** Retry counter: before this attempt on STARTING, after the increment on BACKOFF. */
  readonly tries: number;
  /** On EXITED: was the exit code in exitCodes. */
  readonly expected?: boolean;
  /** On EXITED, STOPPED (after a process) and BACKOFF (after a process): how it ended. */
  readonly exit?: ExitInfo;
  /** On BACKOFF: milliseconds until the next attempt. */
  readonly retryInMs?: number;
  /** On BACKOFF/FATAL after a spawn failure: the readable reason. */
  readonly spawnError?: string;
  /** On FATAL and UNKNOWN: why ("too many start retries too quickly"). */
  readonly reason?: string;
  /** On RUNNING after a readiness probe: what it found (also `program.readiness`). */
  readonly readiness?: ReadinessResult;
  /** Epoch milliseconds. */
  readonly time: number;
}

/** Payload of the `spawn` event. */
export interface SpawnInfo {
  readonly name: string;
  readonly group: string;
  readonly pid: number;
  /** The argv actually executed (after PATH resolution). */
  readonly argv: readonly string[];
  readonly time: number;
}

/** Payload of the `exit` event. */
export interface ExitEvent extends ExitInfo {
  readonly name: string;
  readonly group: string;
  readonly pid: number;
}

/** Payload of the `error` event: something went wrong that did not throw into the host. */
export interface ErrorEvent {
  readonly name: string;
  readonly group: string;
  readonly error: Error;
}

/** Events of a {@link Program} (also forwarded by the Supervisor). */
export interface ProgramEvents {
  state: [change: StateChange];
  spawn: [info: SpawnInfo];
  exit: [info: ExitEvent];
  error: [event: ErrorEvent];
}

/** Payload of the `error` event for a failure of the supervisor itself (sampling...). */
export interface SupervisorErrorEvent {
  /** No program: the supervisor itself. */
  readonly name?: undefined;
  readonly group?: undefined;
  readonly error: Error;
}

interface ResourceEventBase {
  readonly name: string;
  readonly group: string;
  readonly pid: number;
  readonly reason: string;
  /** Milliseconds the tree had been over the limit or threshold. */
  readonly overForMs: number;
  readonly stats: ProgramStats;
  readonly time: number;
}

/** The tree's memory stayed over `memoryLimit`: the program is restarted ('resource-limit'). */
export interface MemoryLimitEvent extends ResourceEventBase {
  readonly kind: 'restart';
  /** Tree memory and the limit, in bytes. */
  readonly memory: number;
  readonly limit: number;
}

/** The tree's CPU crossed `cpuThreshold`: information only. */
export interface CpuThresholdEvent extends ResourceEventBase {
  readonly kind: 'cpu-threshold';
  /** Tree CPU and the threshold, in percent of one core. */
  readonly cpu: number;
  readonly threshold: number;
}

/** Payload of the `resource` event; branch on `kind`. */
export type ResourceEvent = MemoryLimitEvent | CpuThresholdEvent;

/** Every event a Program emits. */
export interface ProgramEventMap extends ProgramEvents {
  log: [line: LogLine];
  stats: [stats: ProgramStats];
  resource: [event: ResourceEvent];
  /** A liveness check passed (first time in a run, or again) or failed (with the count). */
  health: [event: HealthEvent];
  /** An unexpected exit, with the last output and what happens next. */
  crash: [report: CrashReport];
}

/** A program's address, in `add` and `remove` events. */
export interface ProgramRef {
  readonly name: string;
  readonly group: string;
}

/** Events of a Supervisor: every Program event, plus membership changes and its own errors. */
export interface SupervisorEventMap extends Omit<ProgramEventMap, 'error'> {
  error: [event: ErrorEvent | SupervisorErrorEvent];
  add: [program: ProgramRef];
  remove: [program: ProgramRef];
  group: [event: GroupEvent];
}

/** Payload of the `group` event: a group's strategy acted (see docs/groups.md). */
export interface GroupEvent {
  readonly group: string;
  /** 'restart': the strategy restarted members; 'failed': intensity exceeded, all stopped. */
  readonly kind: 'restart' | 'failed';
  readonly strategy: GroupStrategy;
  /** The member whose exit set it off. */
  readonly trigger: string;
  /** Members started again ('restart', in start order) or stopped ('failed'). */
  readonly members: readonly string[];
  /** Restarts counted in the intensity window, this one included. */
  readonly restarts: number;
  readonly reason: string;
  readonly time: number;
}
