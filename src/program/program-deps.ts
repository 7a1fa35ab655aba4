import type { Clock } from '../clock.js';
import type { ProgramEvents } from '../events.js';
import type { LogLine } from '../logs/program-logs.js';
import type { GuardVerdict } from '../metrics/resource-guard.js';
import type { ProgramStats } from '../metrics/sampler.js';
import type { ProcessDriver } from '../process/driver.js';

/**
 * Payload of the `resource` event: the tree's memory stayed over `memoryLimit` (kind
 * 'restart': the program is being restarted with exit cause 'resource-limit'), or its CPU
 * crossed `cpuThreshold` (kind 'cpu-threshold': information only).
 */
export interface ResourceEvent {
  readonly name: string;
  readonly group: string;
  readonly pid: number;
  readonly kind: 'restart' | 'cpu-threshold';
  readonly reason: string;
  /** Milliseconds the tree had been over the limit or threshold. */
  readonly overForMs: number;
  /** kind 'restart': tree memory and the limit, in bytes. */
  readonly memory?: number;
  readonly limit?: number;
  /** kind 'cpu-threshold': tree CPU and the threshold, in percent of one core. */
  readonly cpu?: number;
  readonly threshold?: number;
  readonly stats: ProgramStats;
  readonly time: number;
}

/** The `resource` event for a guard's verdict on a sample. */
export function resourceEvent(
  program: { readonly name: string; readonly group: string },
  verdict: Exclude<GuardVerdict, { action: 'none' }>,
  stats: ProgramStats,
): ResourceEvent {
  const { action, ...details } = verdict;
  const { name, group } = program;
  return { name, group, pid: stats.pid, kind: action, ...details, stats, time: stats.time };
}

/** Every event a Program emits. */
export interface ProgramEventMap extends ProgramEvents {
  log: [line: LogLine];
  stats: [stats: ProgramStats];
  resource: [event: ResourceEvent];
}

/** What a Program needs from its Supervisor. */
export interface ProgramDeps {
  readonly clock: Clock;
  readonly driver: ProcessDriver;
  readonly logDir: string | undefined;
  readonly statsHistory: number;
  /** Told about every process group, to kill them if the host dies unseen. */
  readonly watchdog?: { watch(pgid: number): void; forget(pgid: number): void } | undefined;
  /** Receives every event after the program's own listeners (the Supervisor forwards it). */
  readonly parent?: EventSink<ProgramEventMap> | undefined;
}

/** Somewhere events go: the Supervisor's emitter. */
export interface EventSink<Events extends { [K in keyof Events]: unknown[] }> {
  emit<E extends keyof Events & string>(event: E, ...args: Events[E]): boolean;
  listenerCount<E extends keyof Events & string>(event: E): number;
}
