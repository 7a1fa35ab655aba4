/**
 * Which overseer the bench measures. BENCH_OVERSEER=head snapshots src/ at the HEAD commit into a
 * temp dir (so concurrent edits of the work tree cannot break or change a long run) and points
 * BENCH_OVERSEER_SRC at it; by default the work tree's src/ is used as it is.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchDir } from './context.js';

const repo = path.join(benchDir, '..');

function git(...args: string[]): string {
  return execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8' }).trim();
}

/** Describes the measured source, e.g. 'src at 1a2b3c4' or 'work tree at 1a2b3c4, src modified'. */
export function prepareOverseerSource(): string {
  let head: string;
  try {
    head = git('rev-parse', '--short', 'HEAD');
  } catch {
    return 'work tree (not a git checkout)';
  }
  if (process.env.BENCH_OVERSEER === 'head') {
    // Outside the repository (no linter or type checker walks into it); the library's
    // dependencies are reached through a node_modules link to the repository's.
    const dir = path.join(os.tmpdir(), `overseer-bench-src-${head}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const tar = execFileSync('git', ['-C', repo, 'archive', 'HEAD', 'src', 'package.json']);
    execFileSync('tar', ['-x', '-C', dir], { input: tar });
    symlinkSync(path.join(repo, 'node_modules'), path.join(dir, 'node_modules'));
    process.env.BENCH_OVERSEER_SRC = path.join(dir, 'src');
    return `src at commit ${head}`;
  }
  const dirty = git('status', '--porcelain', '--', 'src') !== '';
  return `work tree at ${head}${dirty ? ', src with uncommitted changes' : ''}`;
}
