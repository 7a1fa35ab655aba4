import type { Transition } from './types.js';

/** One supervisor under test, driven the same way whichever it is. */
export interface Side {
  readonly label: string;
  /** Problems worth showing (refused requests...); they do not fail a scenario by themselves. */
  readonly notes: string[];
  open(): Promise<void>;
  /** Every transition of the scenario's programs recorded so far, in order. */
  transitions(): Transition[];
  /** Ask for a start; resolves once the request is made, not when the program is up. */
  start(name: string): Promise<void>;
  /** Ask for a stop; resolves once the request is made. */
  stop(name: string): Promise<void>;
  /** Stop the whole supervisor and resolve once it is done. */
  shutdown(): Promise<void>;
  /** The program's current pid (0 when none). */
  pid(name: string): Promise<number>;
  /** Stop everything and make sure no process is left. Never throws. */
  close(): Promise<void>;
}
