import { signalNumber } from '../process/signals.js';

/**
 * What happens to the children when the host process ends. One set of process listeners for
 * every live Supervisor:
 * - SIGINT / SIGTERM: stop every supervisor gracefully, then, when no other listener handles
 *   the signal, re-raise it so the host ends as it would have. A second signal kills at once.
 *   As PID 1 (a container without --init) a re-raised signal would be dropped by the kernel
 *   (an init only gets the signals it handles), so the host exits with 128 + n itself.
 * - normal exit (`process.exit`, empty event loop): SIGKILL every process synchronously
 *   (nothing asynchronous can run any more).
 */
export interface HostBound {
  stop(): Promise<unknown>;
  killNow(): void;
}

const bound = new Set<HostBound>();
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
let stopping = false;

function onSignal(signal: NodeJS.Signals): void {
  if (stopping) {
    killAllNow();
    process.exit(128 + signalNumber(signal));
  }
  stopping = true;
  void Promise.allSettled([...bound].map((s) => s.stop())).then(() => {
    stopping = false;
    uninstall();
    if (process.listenerCount(signal) === 0) endLikeSignal(signal);
  });
}

/** Ends the host as the default action of `signal` would, PID 1 included. */
function endLikeSignal(signal: NodeJS.Signals): void {
  if (process.pid === 1) process.exit(128 + signalNumber(signal));
  process.kill(process.pid, signal);
}

function killAllNow(): void {
  for (const s of bound) s.killNow();
}

function install(): void {
  for (const signal of SIGNALS) process.on(signal, onSignal);
  process.on('exit', killAllNow);
}

function uninstall(): void {
  for (const signal of SIGNALS) process.off(signal, onSignal);
  process.off('exit', killAllNow);
}

export function bindToHost(target: HostBound): void {
  if (bound.size === 0) install();
  bound.add(target);
}

export function unbindFromHost(target: HostBound): void {
  if (!bound.delete(target)) return;
  if (bound.size === 0) uninstall();
}
