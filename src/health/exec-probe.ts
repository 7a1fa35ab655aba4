import { spawn } from 'node:child_process';
import type { ProbeAttempt } from './probe-attempt.js';

/** An exec probe, normalized: passes when the command exits 0. */
export interface ExecTarget {
  readonly kind: 'exec';
  /** Split like a POSIX shell (no shell runs), or `/bin/sh -c <line>` with `shell: true`. */
  readonly argv: readonly string[];
}

/** Where probe commands run: the program's directory and environment (the host's without). */
export interface ExecPlace {
  readonly cwd: string | undefined;
  readonly env: Readonly<Record<string, string>> | undefined;
}

/** Output kept for the message of a failing probe. */
const KEEP_BYTES = 2048;

/**
 * Runs the command in a process group of its own. On abort (the timeout, a stop) the whole
 * group gets SIGKILL, and so does whatever it left behind when it exits: a probe never
 * outlives its attempt.
 */
export function execAttempt(target: ExecTarget, place: ExecPlace): ProbeAttempt {
  const [file = '', ...args] = target.argv;
  const shown = target.argv.join(' ');
  return (signal) =>
    new Promise((resolve) => {
      const child = spawn(file, args, {
        cwd: place.cwd,
        env: place.env,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      const keep = (chunk: Buffer) => {
        output = (output + chunk.toString('utf8')).slice(-KEEP_BYTES);
      };
      child.stdout?.on('data', keep);
      child.stderr?.on('data', keep);
      const killGroup = () => {
        if (child.pid) signalGroup(child.pid);
      };
      const onAbort = () => killGroup();
      signal.addEventListener('abort', onAbort, { once: true });
      const settle = (ok: boolean, message: string) => {
        signal.removeEventListener('abort', onAbort);
        child.stdout?.destroy();
        child.stderr?.destroy();
        const text = output.trim();
        resolve(ok ? { ok, message, found: { output: text } } : { ok, message });
      };
      child.once('error', (error) => settle(false, `${shown}: ${error.message}`));
      child.once('exit', (code, sig) => {
        killGroup();
        const tail = output.trim() ? `: ${output.trim().split('\n').slice(-3).join(' | ')}` : '';
        if (code === 0) settle(true, `${shown} exited 0`);
        else
          settle(false, `${shown} ${code === null ? `killed by ${sig}` : `exited ${code}`}${tail}`);
      });
    });
}

function signalGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
