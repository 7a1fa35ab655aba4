import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { wantsIpc } from '../health/ipc-messages.js';
import type { ProgramConfig } from '../options/program-options.js';
import { buildEnvironment } from './environment.js';
import { findSetpriv, supplementaryGroups } from './groups.js';
import { lookupUser, type UserIds } from './users.js';

/** Everything child_process.spawn needs, checked beforehand so failures read well. */
export interface SpawnPlan {
  readonly file: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: Record<string, string>;
  readonly uid: number | undefined;
  readonly gid: number | undefined;
  readonly umask: number | undefined;
  /** Open an IPC channel as fd 3 (Node's NODE_CHANNEL_FD), for ready messages and heartbeats. */
  readonly ipc: boolean;
}

/** Tells a Node child (and documents for any other) that fd 3 is a JSON-lines channel. */
const IPC_ENV = { NODE_CHANNEL_FD: '3', NODE_CHANNEL_SERIALIZATION_MODE: 'json' };

/** A spawn that cannot happen; its message is the program's `spawnError`. */
export class SpawnFailure extends Error {}

/**
 * Checks the directory, the user and the command (on the program's PATH first, then the
 * host's), as supervisord does before forking. Throws SpawnFailure with a readable reason.
 */
export function planSpawn(config: ProgramConfig): SpawnPlan {
  const cwd = checkDirectory(config.directory);
  const ipc = wantsIpc(config);
  const env = ipc ? { ...buildEnvironment(config), ...IPC_ENV } : buildEnvironment(config);
  const ids = config.user === undefined ? undefined : checkUser(config.user);
  const [command = '', ...args] = config.argv;
  const file = findCommand(command, cwd, [env.PATH, process.env.PATH]);
  const base = { file, args, cwd, env, uid: ids?.uid, gid: ids?.gid, umask: config.umask, ipc };
  return ids ? switchUser(base, ids) : base;
}

/**
 * With `user`, supervisord sets the uid, the gid and the user's supplementary groups. Node's
 * spawn() would clear the supplementary groups, so the program is run through setpriv, which
 * sets all three and execs it in place (same pid, same signals). Without setpriv, spawn()
 * sets the uid and gid only (documented in docs/reliability.md).
 */
function switchUser(plan: SpawnPlan, ids: UserIds): SpawnPlan {
  const setpriv = findSetpriv();
  if (!setpriv || process.getuid?.() !== 0) return plan;
  const groups = ids.name === undefined ? [ids.gid] : supplementaryGroups(ids.name, ids.gid);
  return {
    ...plan,
    file: setpriv,
    args: [
      `--reuid=${ids.uid}`,
      `--regid=${ids.gid}`,
      `--groups=${groups.join(',')}`,
      '--',
      plan.file,
      ...plan.args,
    ],
    uid: undefined,
    gid: undefined,
  };
}

function checkDirectory(directory: string | undefined): string {
  if (directory === undefined) return process.cwd();
  const path = resolve(directory);
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) throw new SpawnFailure(`couldn't chdir to ${path}: no such directory`);
  if (!stat.isDirectory()) throw new SpawnFailure(`couldn't chdir to ${path}: not a directory`);
  return path;
}

function checkUser(user: string | number) {
  const ids = lookupUser(user);
  if (!ids) throw new SpawnFailure(`couldn't setuid to ${user}: no such user`);
  return ids;
}

/**
 * Looks a bare command up on PATH the way execvp does: entries that are missing, not
 * directories, or not searchable by the host (ENOENT, ENOTDIR, EACCES, ELOOP...) are skipped,
 * and so are files the host cannot execute; when only such a file was found, the error
 * says so.
 */
function findCommand(command: string, cwd: string, paths: (string | undefined)[]): string {
  if (command.includes('/')) {
    const path = isAbsolute(command) ? command : resolve(cwd, command);
    return checkExecutable(path, command);
  }
  const dirs = paths.flatMap((p) => (p ? p.split(delimiter) : [])).filter(Boolean);
  let denied: string | undefined;
  for (const dir of new Set(dirs)) {
    const path = resolve(cwd, join(dir, command));
    const found = probe(path);
    if (found === 'executable') return path;
    if (found === 'denied') denied ??= path;
  }
  if (denied) throw new SpawnFailure(`command at '${denied}' is not executable`);
  throw new SpawnFailure(`can't find command '${command}' on PATH`);
}

/** What one PATH candidate is; never throws. */
function probe(path: string): 'executable' | 'denied' | 'none' {
  try {
    if (!statSync(path).isFile()) return 'none';
  } catch {
    return 'none';
  }
  try {
    accessSync(path, constants.X_OK);
    return 'executable';
  } catch {
    return 'denied';
  }
}

function checkExecutable(path: string, command: string): string {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) throw new SpawnFailure(`can't find command '${command}'`);
  if (stat.isDirectory()) throw new SpawnFailure(`command at '${path}' is a directory`);
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new SpawnFailure(`command at '${path}' is not executable`);
  }
  return path;
}
