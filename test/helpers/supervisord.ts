/**
 * A throwaway Debian supervisord for tests that compare with the real thing: runs
 * `supervisord -n -c conf` in its own process group, and on dispose stops it (SIGTERM, as an
 * init system would) and SIGKILLs whatever it left behind.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isAlive, waitGone } from './processes.js';

export const SUPERVISORD = ['/usr/bin/supervisord', '/usr/local/bin/supervisord'].find(existsSync);

/** Why a test that needs supervisord cannot run, or undefined. */
export const supervisordMissing: string | undefined = SUPERVISORD
  ? undefined
  : "supervisord is not installed (test/conformance/install-supervisord.sh installs Debian's)";

/** Every descendant of `pid`, from /proc (children of each thread). */
function descendants(pid: number): number[] {
  const out: number[] = [];
  const visit = (p: number) => {
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${p}/task`);
    } catch {
      return;
    }
    for (const t of tasks) {
      let text = '';
      try {
        text = readFileSync(`/proc/${p}/task/${t}/children`, 'utf8');
      } catch {
        continue;
      }
      for (const c of text.split(' ').filter(Boolean).map(Number)) {
        out.push(c);
        visit(c);
      }
    }
  };
  visit(pid);
  return out;
}

export interface RunningSupervisord {
  readonly process: ChildProcess;
  /**
   * SIGTERM (supervisord stops its programs), wait for it to exit; then SIGKILL whatever it
   * left behind. Resolves with the pids it left (supervisord leaves grandchildren, see #1101).
   */
  stop(): Promise<number[]>;
  [Symbol.asyncDispose](): Promise<void>;
}

export function startSupervisord(conf: string, cwd: string): RunningSupervisord {
  if (!SUPERVISORD) throw new Error('supervisord is not installed');
  const daemon = spawn(SUPERVISORD, ['-n', '-c', conf], { cwd, detached: true, stdio: 'ignore' });
  let stopped: Promise<number[]> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      const pid = daemon.pid;
      if (!pid) return [];
      const tree = descendants(pid);
      if (isAlive(pid)) process.kill(pid, 'SIGTERM');
      if (!(await waitGone(pid, 20_000))) process.kill(pid, 'SIGKILL');
      const left = [...tree, ...descendants(pid)].filter(isAlive);
      for (const p of left) process.kill(p, 'SIGKILL');
      for (const p of left) await waitGone(p, 2000);
      return left;
    })();
    return stopped;
  };
  return { process: daemon, stop, [Symbol.asyncDispose]: async () => void (await stop()) };
}
