/**
 * The process states of supervisord, with its numeric codes.
 * A program is always in exactly one of these.
 */
export const ProcessState = {
  STOPPED: 'STOPPED',
  STARTING: 'STARTING',
  RUNNING: 'RUNNING',
  BACKOFF: 'BACKOFF',
  STOPPING: 'STOPPING',
  EXITED: 'EXITED',
  FATAL: 'FATAL',
  UNKNOWN: 'UNKNOWN',
} as const;

/** One of the eight process states. */
export type ProcessState = (typeof ProcessState)[keyof typeof ProcessState];

/** supervisord's numeric code for each state (as in its XML-RPC `state` field). */
export const STATE_CODES: Readonly<Record<ProcessState, number>> = Object.freeze({
  STOPPED: 0,
  STARTING: 10,
  RUNNING: 20,
  BACKOFF: 30,
  STOPPING: 40,
  EXITED: 100,
  FATAL: 200,
  UNKNOWN: 1000,
});

const RUNNING_SET: ReadonlySet<ProcessState> = new Set(['STARTING', 'RUNNING', 'BACKOFF']);
const STOPPED_SET: ReadonlySet<ProcessState> = new Set(['STOPPED', 'EXITED', 'FATAL', 'UNKNOWN']);
const SIGNALLABLE_SET: ReadonlySet<ProcessState> = new Set(['STARTING', 'RUNNING', 'STOPPING']);

/** STARTING, RUNNING or BACKOFF: start() here is "already started". */
export const isRunningState = (state: ProcessState): boolean => RUNNING_SET.has(state);
/** STOPPED, EXITED, FATAL or UNKNOWN: no process and none coming on its own. */
export const isStoppedState = (state: ProcessState): boolean => STOPPED_SET.has(state);
/** STARTING, RUNNING or STOPPING: there is a pid to signal. */
export const isSignallableState = (state: ProcessState): boolean => SIGNALLABLE_SET.has(state);
