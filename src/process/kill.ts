import { constants } from 'node:os';

type RawKill = (pid: number, signal: number) => number;

/** Node's binding under process.kill: returns an errno (negative) instead of throwing. */
const rawKill = (process as unknown as { _kill?: RawKill })._kill;
const ESRCH = -constants.errno.ESRCH;

/**
 * Sends `signal` to `target` (a pid, or minus a process group id). True when sent, false
 * when nobody is there (ESRCH); any other failure throws as process.kill does.
 *
 * process.kill throws an Error for ESRCH, whose stack capture costs about ten times the
 * system call; the stop of many programs and a crash loop find gone processes and empty
 * groups all the time, so Node's binding is asked first where Node has it.
 */
export function signalUnlessGone(target: number, signal: NodeJS.Signals | 0): boolean {
  const number = signal === 0 ? 0 : constants.signals[signal];
  if (rawKill && number !== undefined) {
    const result = rawKill.call(process, target, number);
    if (result === 0) return true;
    if (result === ESRCH) return false;
  }
  try {
    return process.kill(target, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}
