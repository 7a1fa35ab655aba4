/**
 * A throwaway Debian supervisord for tests that compare with the real thing: runs
 * `supervisord -n -c conf` in its own process group, and on dispose stops it (SIGTERM, as an
 * init system would) and SIGKILLs whatever it left behind.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { isAlive, waitGone } from './processes.js';

export const SUPERVISORD = ['/usr/bin/supervisord', '/usr/local/bin/supervisord'].find(existsSync);

/** Why a test that needs supervisord cannot run, or undefined. */
export const supervisordMissing: string | undefined = SUPERVISORD
  ? undefined
  : "supervisord is not installed (test/conformance/install-supervisord.sh installs Debian's)";

export interface RunningSupervisord {
  readonly process: ChildProcess;
  /** SIGTERM, wait for it to exit; then SIGKILL its process group. */
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export function startSupervisord(conf: string, cwd: string): RunningSupervisord {
  if (!SUPERVISORD) throw new Error('supervisord is not installed');
  const daemon = spawn(SUPERVISORD, ['-n', '-c', conf], { cwd, detached: true, stdio: 'ignore' });
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      const pid = daemon.pid;
      if (!pid) return;
      if (isAlive(pid)) process.kill(pid, 'SIGTERM');
      if (!(await waitGone(pid, 20_000))) process.kill(pid, 'SIGKILL');
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // the group is empty
      }
    })();
    return stopped;
  };
  return { process: daemon, stop, [Symbol.asyncDispose]: stop };
}
