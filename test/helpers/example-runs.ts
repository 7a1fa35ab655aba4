import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './doc-blocks.js';

/** How a child process ended, and what it printed. */
export interface Finished {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A running example: its output so far, a wait for a line, and its end. */
export interface Running {
  readonly child: ChildProcess;
  readonly output: () => string;
  /** Resolves with the match of the first stdout line matching `pattern`. */
  line(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  readonly finished: Promise<Finished>;
}

/** Starts `node --import tsx <args>` in the repository, 'overseer' resolving to src/. */
export function startExample(args: string[], env: Record<string, string> = {}): Running {
  // Without NODE_TEST_CONTEXT, a `node --test` example reports on its own stdout.
  const { NODE_TEST_CONTEXT: _, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: repoRoot,
    env: { ...inherited, ...env, FORCE_COLOR: '0', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  const finished = new Promise<Finished>((resolve) =>
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  const line = (pattern: RegExp, timeoutMs = 30_000) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const check = () => {
        for (const text of stdout.split('\n')) {
          const match = pattern.exec(text);
          if (match) return done(() => resolve(match));
        }
      };
      const timer = setTimeout(
        () => done(() => reject(new Error(`no line ${pattern} in:\n${stdout}\n${stderr}`))),
        timeoutMs,
      );
      const done = (fn: () => void) => {
        clearTimeout(timer);
        child.stdout?.off('data', check);
        child.off('close', check);
        fn();
      };
      child.stdout?.on('data', check);
      child.once('close', () =>
        done(() => reject(new Error(`exited first:\n${stdout}\n${stderr}`))),
      );
      check();
    });
  return { child, output: () => stdout, line, finished };
}

/** Runs an example to its end. */
export function runExample(args: string[], env: Record<string, string> = {}): Promise<Finished> {
  return startExample(args, env).finished;
}

/** A path in the repository. */
export const inRepo = (...parts: string[]): string => join(repoRoot, ...parts);

/** Pids that are still alive, of those given. */
export function stillAlive(pids: readonly number[]): number[] {
  return pids.filter((pid) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  });
}
