/**
 * The vocabulary of the pure state machine (src/program/state-machine.ts): its policy, its
 * context, the inputs it takes and the steps (transitions and effects) it returns.
 */
import type { ExitCause, ExitInfo } from '../events.js';
import type { ReadinessResult } from '../health/readiness-result.js';
import type { ProcessState } from '../states.js';

/** What the machine needs from a program's options. */
export interface MachinePolicy {
  readonly startSecs: number;
  /**
   * With it, STARTING -> RUNNING waits for a `ready` input (a readiness probe) instead of
   * startSecs, and the 'start' timer is the start timeout (0 = none).
   */
  readonly readiness?: { readonly timeoutSecs: number } | undefined;
  readonly startRetries: number;
  readonly autorestart: boolean | 'unexpected';
  readonly exitCodes: readonly number[];
  readonly stopWaitSecs: number;
  readonly backoffMs: (tries: number) => number;
  readonly restartBudget?: { readonly maxRestarts: number; readonly withinMs: number } | undefined;
}

export interface MachineContext {
  readonly state: ProcessState;
  /** supervisord's `backoff` counter. */
  readonly tries: number;
  readonly pid: number;
  /** Epoch ms of the current/last spawn (0 = never started). */
  readonly startedAt: number;
  /** Epoch ms of the last stop or exit (0 = never). */
  readonly stoppedAt: number;
  readonly spawnError: string | undefined;
  readonly lastExit: ExitInfo | undefined;
  /** Why the current stop was asked for. */
  readonly stopCause: ExitCause | undefined;
  /** SIGKILL was sent during the current stop. */
  readonly forced: boolean;
  /** Epoch ms of automatic restarts (every cause), for the restart budget. */
  readonly restarts: readonly number[];
  /** Why the program is FATAL or UNKNOWN (undefined in every other state). */
  readonly reason: string | undefined;
  /** Memory-limit restarts in a row (runs stopped by the limit before 60 s up). */
  readonly limitRestarts: number;
  /** A stop() asked for during an automatic restart's stop (liveness, memory): no restart. */
  readonly restartCancelled: boolean;
}

export type TimerName = 'start' | 'retry' | 'kill';

export type MachineInput =
  | { readonly type: 'start' }
  | { readonly type: 'spawned'; readonly pid: number }
  | { readonly type: 'spawnFailed'; readonly error: string }
  | { readonly type: 'startSecsElapsed' }
  | { readonly type: 'ready'; readonly readiness?: ReadinessResult }
  | {
      readonly type: 'exited';
      readonly code: number | null;
      readonly signal: NodeJS.Signals | null;
    }
  | { readonly type: 'stop'; readonly cause?: ExitCause }
  /** A stop() asked for while an automatic restart's stop runs: do not start again after it. */
  | { readonly type: 'cancelRestart' }
  | { readonly type: 'retryDue' }
  | { readonly type: 'killDue' }
  | { readonly type: 'signalFailed'; readonly error: string }
  | { readonly type: 'giveUp' };

export type Effect =
  | { readonly type: 'spawn' }
  | { readonly type: 'startTimer'; readonly timer: TimerName; readonly ms: number }
  | { readonly type: 'cancelTimer'; readonly timer: TimerName }
  | { readonly type: 'sendStopSignal' }
  | { readonly type: 'sendKill' }
  | { readonly type: 'reapDescendants' };

export interface Transition {
  readonly from: ProcessState;
  readonly to: ProcessState;
  readonly pid: number;
  readonly tries: number;
  readonly exit?: ExitInfo;
  readonly expected?: boolean;
  readonly retryInMs?: number;
  readonly spawnError?: string;
  readonly reason?: string;
  readonly readiness?: ReadinessResult;
}

export type Step =
  | { readonly kind: 'transition'; readonly transition: Transition }
  | { readonly kind: 'effect'; readonly effect: Effect };

export interface StepResult {
  readonly context: MachineContext;
  readonly steps: readonly Step[];
  /** Set when the input was refused: the context is unchanged. */
  readonly refused?: 'ALREADY_STARTED' | 'NOT_RUNNING';
}

export const initialContext: MachineContext = Object.freeze({
  state: 'STOPPED',
  tries: 0,
  pid: 0,
  startedAt: 0,
  stoppedAt: 0,
  spawnError: undefined,
  lastExit: undefined,
  stopCause: undefined,
  forced: false,
  restarts: [],
  reason: undefined,
  limitRestarts: 0,
  restartCancelled: false,
});
