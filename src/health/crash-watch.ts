import type { ExitInfo, StateChange } from '../events.js';
import type { ProcessState } from '../states.js';
import type { CrashNext } from './crash-report.js';

/** An exit seen on a state event, and what followed it in the same step. */
export interface PendingCrash {
  readonly exit: ExitInfo;
  next: CrashNext;
}

/**
 * Is this exit a crash? Anything the supervisor did not ask for, except an expected exit code
 * after RUNNING (EXITED, expected). Stops for liveness, memory or the readiness timeout count.
 */
export function isCrash(exit: ExitInfo, to: ProcessState): boolean {
  if (exit.cause === 'stop-requested') return false;
  if (exit.cause === 'exit' && exit.expected && to === 'EXITED') return false;
  return true;
}

/**
 * Follows state events: the transition that carries an exit opens a pending crash, the ones
 * right after it (BACKOFF -> FATAL, EXITED -> STARTING...) say what happens next.
 */
export class CrashWatch {
  #pending: PendingCrash | undefined;

  constructor(private readonly startRetries: number) {}

  /** Returns the crash this transition opened, if any (its `next` fills in as steps follow). */
  observe(change: StateChange): PendingCrash | undefined {
    if (
      change.exit &&
      (change.to === 'EXITED' || change.to === 'BACKOFF' || change.to === 'STOPPED')
    ) {
      this.#pending = undefined;
      if (!isCrash(change.exit, change.to)) return undefined;
      this.#pending = { exit: change.exit, next: this.#first(change) };
      return this.#pending;
    }
    const pending = this.#pending;
    if (!pending) return undefined;
    if (change.to === 'FATAL')
      pending.next = { action: 'fatal', reason: change.reason ?? 'gave up' };
    else if (change.to === 'STARTING' && pending.next.action === 'none')
      pending.next = { action: 'restart' };
    this.#pending = undefined;
    return undefined;
  }

  #first(change: StateChange): CrashNext {
    if (change.to !== 'BACKOFF') return { action: 'none' };
    return {
      action: 'retry',
      inMs: change.retryInMs ?? 0,
      attempt: change.tries + 1,
      attempts: this.startRetries + 1,
    };
  }
}
