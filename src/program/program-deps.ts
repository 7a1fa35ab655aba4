import type { Clock } from '../clock.js';
import type { ListenerSource } from '../emitter.js';
import type { ProgramEventMap, ResourceEvent } from '../events.js';
import type { GuardVerdict } from '../metrics/resource-guard.js';
import type { ProgramStats } from '../metrics/sampler.js';
import type { ProcessDriver } from '../process/driver.js';
import type { Program } from './program.js';

/** The `resource` event for a guard's verdict on a sample. */
export function resourceEvent(
  program: { readonly name: string; readonly group: string },
  verdict: Exclude<GuardVerdict, { action: 'none' }>,
  stats: ProgramStats,
): ResourceEvent {
  const { action, ...details } = verdict;
  const { name, group } = program;
  const base = { name, group, pid: stats.pid, stats, time: stats.time };
  return { ...base, kind: action, ...details } as ResourceEvent;
}

/** What a Program needs from its Supervisor. */
export interface ProgramDeps {
  readonly clock: Clock;
  readonly driver: ProcessDriver;
  readonly logDir: string | undefined;
  readonly statsHistory: number;
  /** Told about every process group, to kill them if the host dies unseen. */
  readonly watchdog?:
    | {
        watch(pgid: number): void;
        forget(pgid: number): void;
        watchPid(pid: number, start: number): void;
      }
    | undefined;
  /** Receives every event after the program's own listeners (the Supervisor forwards it). */
  readonly parent?: EventSink<ProgramEventMap> | undefined;
  /** Its group has a strategy: the group restarts it after an exit, its machine does not. */
  readonly groupRestarts?: boolean | undefined;
  /** Asked to restart it when its schedule falls due (to stagger a group's members). */
  readonly scheduledRestart?:
    | ((program: Program, cause: 'max-runtime' | 'scheduled') => void)
    | undefined;
}

/** Somewhere events go: the Supervisor's emitter (a SafeEmitter). */
export interface EventSink<Events extends { [K in keyof Events]: unknown[] }>
  extends ListenerSource<Events> {
  emit<E extends keyof Events & string>(event: E, ...args: Events[E]): boolean;
  listenerCount<E extends keyof Events & string>(event: E): number;
}
