import { AbnormalTerminationError, SpawnError } from '../errors.js';
import type { ExitInfo, StateChange } from '../events.js';
import type { MachineContext } from './machine-types.js';

/**
 * How `start()` settles, from the transitions that follow it: RUNNING resolves; FATAL
 * rejects with SpawnError (when the last attempt could not spawn) or
 * AbnormalTerminationError; a stop before RUNNING rejects too.
 */
export function watchStart(
  name: string,
  subscribe: (fn: (change: StateChange) => void) => () => void,
  context: () => MachineContext,
): { promise: Promise<void>; cancel: () => void } {
  let off = () => {};
  const promise = new Promise<void>((resolve, reject) => {
    off = subscribe((change) => {
      const error = startFailure(name, change, context());
      if (change.to !== 'RUNNING' && !error) return;
      off();
      if (error) reject(error);
      else resolve();
    });
  });
  return { promise, cancel: off };
}

/** The error a transition means for a pending start(), if any. */
export function startFailure(
  name: string,
  change: StateChange,
  ctx: MachineContext,
): Error | undefined {
  if (change.to === 'STOPPING' || change.to === 'STOPPED' || change.to === 'UNKNOWN') {
    return new AbnormalTerminationError(name, change.to, 'stopped before it was running');
  }
  if (change.to !== 'FATAL') return undefined;
  const spawnError = change.spawnError ?? ctx.spawnError;
  if (spawnError) return new SpawnError(name, spawnError);
  const how = describeExit(ctx.lastExit);
  return new AbnormalTerminationError(name, 'FATAL', `${change.reason ?? 'gave up'}${how}`);
}

function describeExit(exit: ExitInfo | undefined): string {
  if (!exit) return '';
  if (exit.cause === 'start-timeout') return ' (not ready within the readiness timeout)';
  return exit.signal ? ` (killed by ${exit.signal})` : ` (exit status ${exit.code})`;
}
