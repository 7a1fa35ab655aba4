/**
 * overseer: supervisord's process supervision as a typed, event-driven Node.js library.
 * @packageDocumentation
 */

export type { BackoffOptions } from './backoff.js';
export { type Clock, ManualClock, SystemClock, type TimerHandle } from './clock.js';
export type { Listener } from './emitter.js';
export {
  AbnormalTerminationError,
  AbortError,
  AlreadyAddedError,
  AlreadyStartedError,
  BadNameError,
  DependencyConfigError,
  DependencyError,
  ListenerError,
  NotRunningError,
  OptionError,
  type OptionErrorDetails,
  OverseerError,
  ShutdownError,
  SignalError,
  SpawnError,
  StillRunningError,
  TimeoutError,
} from './errors.js';
export type {
  ErrorEvent,
  ExitCause,
  ExitEvent,
  ExitInfo,
  ProgramEvents,
  SpawnInfo,
  StateChange,
} from './events.js';
export { Group, type ScaleResult } from './group.js';
export type { ProcessInfo } from './info.js';
export { LogWriteError, NoLogFileError } from './logs/errors.js';
export type { LogConfig, LogFileConfig, LogfileSetting, LogOptions } from './logs/options.js';
export type {
  LineMatch,
  LinesOptions,
  LogLine,
  LogStream,
  LogTail,
  ReadLogOptions,
  TailLogOptions,
  WaitForLineOptions,
} from './logs/program-logs.js';
export type { ResourceTotals, SelfUsage, SupervisorStats } from './metrics/aggregate.js';
export type { ResourceConfig, ResourceOptions } from './metrics/options.js';
export type { ProgramStats } from './metrics/sampler.js';
export { normalizeProgramOptions } from './options/normalize.js';
export type {
  CoreProgramOptions,
  ProgramConfig,
  ProgramOptions,
  RestartBudget,
} from './options/program-options.js';
export type { PoolOptions } from './pool.js';
export { Program } from './program.js';
export type { ProgramEventMap, ResourceEvent } from './program-types.js';
export type { ReadinessConfig, ReadinessOptions } from './readiness.js';
export type { ConfigDiff, GroupDefinition, SupervisorConfig } from './reconfigure.js';
export type { ProcessResult } from './results.js';
export {
  isRunningState,
  isSignallableState,
  isStoppedState,
  ProcessState,
  STATE_CODES,
} from './states.js';
export { Supervisor } from './supervisor.js';
export type {
  ProgramRef,
  SupervisorEventMap,
  SupervisorListener,
  SupervisorOptions,
} from './supervisor-types.js';
export type { WaitOptions } from './wait-for.js';
