/**
 * overseer: supervisord's process supervision as a typed, event-driven Node.js library.
 * @packageDocumentation
 */

export {
  type Clock,
  ManualClock,
  SystemClock,
  type TimerFunctions,
  type TimerHandle,
} from './clock.js';
export {
  ConfigError,
  type ConfigErrorDetails,
  type ConfigLocation,
  type ConfigWarning,
} from './config/errors.js';
export {
  type LoadedConfig,
  type LoadOptions,
  loadSupervisordConfig,
  type ParseOptions,
  parseSupervisordConfig,
} from './config/load.js';
export type { SupervisordControl } from './config/server-sections.js';
export type { Unsubscribe } from './emitter.js';
export {
  AbnormalTerminationError,
  AbortError,
  AlreadyAddedError,
  AlreadyStartedError,
  BadNameError,
  HookError,
  InsecureBindError,
  ListenerError,
  NotRunningError,
  OptionError,
  type OptionErrorDetails,
  OverseerError,
  type OverseerErrorCode,
  RollingRestartError,
  ShutdownError,
  SignalError,
  SpawnError,
  StdinClosedError,
  TimeoutError,
} from './errors.js';
export type {
  CpuThresholdEvent,
  ErrorEvent,
  ExitCause,
  ExitEvent,
  ExitInfo,
  GroupEvent,
  MemoryLimitEvent,
  ProgramEventMap,
  ProgramEvents,
  ProgramRef,
  ResourceEvent,
  SpawnInfo,
  StateChange,
  SupervisorErrorEvent,
  SupervisorEventMap,
} from './events.js';
export {
  type CrashFacts,
  type CrashNext,
  CrashReport,
  type CrashRestarts,
} from './health/crash-report.js';
export type { DependencyCondition, DependsOnEntry } from './health/dependency-condition.js';
export type { ExecTarget } from './health/exec-probe.js';
export type { HealthEvent, HealthSource } from './health/health-status.js';
export type { HttpTarget } from './health/http-probe.js';
export type { LivenessConfig, LivenessOptions } from './health/liveness-options.js';
export type { CheckFunction, HttpProbeOption, ProbeTarget } from './health/probe-target.js';
export type { ReadinessResult } from './health/readiness-result.js';
export { ListenerProtocolError } from './listeners/errors.js';
export { EVENT_TYPES, type EventTypeName } from './listeners/event-types.js';
export type {
  EventConfig,
  EventListenerOptions,
  EventOptions,
  ListenerSettings,
} from './listeners/options.js';
export { LogWriteError, NoLogFileError } from './logs/errors.js';
export type { LogConfig, LogFileConfig, LogfileSetting, LogOptions } from './logs/options.js';
export type {
  LineMatch,
  LineSince,
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
export type {
  ProgramConfig,
  ProgramOptions,
  RestartBudget,
} from './options/program-options.js';
export type { OrphanStats } from './process/orphans.js';
export type { BackoffOptions } from './program/backoff.js';
export type {
  EventOf,
  EventStreamOptions,
  ProgramEvent,
  ProgramEventsOptions,
  SupervisorEvent,
  SupervisorEventsOptions,
} from './program/event-stream.js';
export type { Hook, HookConfig, HookOptions, HookReason, ProgramHooks } from './program/hooks.js';
export type { ProcessInfo } from './program/info.js';
export { Program } from './program/program.js';
export type { ReadinessConfig, ReadinessOptions } from './program/readiness.js';
export type { ScheduleConfig, ScheduleOptions } from './program/schedule.js';
export type { WaitOptions } from './program/wait-for.js';
export {
  isRunningState,
  isSignallableState,
  isStoppedState,
  ProcessState,
  STATE_CODES,
} from './states.js';
export type { ConfigDiff, GroupDefinition, SupervisorConfig } from './supervisor/config-plan.js';
export {
  DependencyConfigError,
  DependencyCycleError,
  DependencyError,
  UnknownDependencyError,
} from './supervisor/errors.js';
export { Group, type ScaleResult } from './supervisor/group.js';
export type { AddGroupOptions } from './supervisor/group-strategies.js';
export type { PoolOptions } from './supervisor/pool.js';
export type { ProcessResult } from './supervisor/results.js';
export type {
  RollingRestartOptions,
  RollingRestartResult,
  UpdateOptions,
} from './supervisor/rolling-restart.js';
export type { RunOptions, RunResult } from './supervisor/run-to-completion.js';
export type {
  GroupIntensity,
  GroupPolicyOptions,
  GroupStrategy,
} from './supervisor/strategies.js';
export { Supervisor } from './supervisor/supervisor.js';
export type { SupervisorOptions } from './supervisor/supervisor-options.js';
