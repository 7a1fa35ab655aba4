import type { Clock } from '../clock.js';
import type { ProcessDriver } from '../process/driver.js';
import type { ProgramEventMap } from '../program/program-deps.js';

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
  /** @internal Process driver (tests). */
  driver?: ProcessDriver;
}

/** A program's address, in `add` and `remove` events. */
export interface ProgramRef {
  readonly name: string;
  readonly group: string;
}

/** Events of a Supervisor: every Program event, plus membership changes. */
export interface SupervisorEventMap extends ProgramEventMap {
  add: [program: ProgramRef];
  remove: [program: ProgramRef];
}

/** A listener for one Supervisor event. */
export type SupervisorListener<E extends keyof SupervisorEventMap> = (
  ...args: SupervisorEventMap[E]
) => void;
