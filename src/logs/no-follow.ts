import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

/** A log file opened by overseer itself, never through a link. */
export interface HeldFile {
  readonly fd: number;
  readonly ino: number;
  readonly dev: number;
  readonly size: number;
}

/** Why an AUTO log file was refused (becomes a LogWriteError's reason). */
export class UnsafeLogFileError extends Error {}

const LINK =
  'is a symbolic link; AUTO log files are never opened through a link (remove it, or set an explicit path)';
const NOT_FILE = 'is not a regular file (a FIFO or device planted at an AUTO name is refused)';
const HARD_LINK = 'has another hard link; AUTO log files are never written through a second link';

const FLAGS =
  constants.O_WRONLY |
  constants.O_APPEND |
  constants.O_CREAT |
  constants.O_NOFOLLOW |
  constants.O_NONBLOCK;

/**
 * Opens (creating it if needed) an AUTO log file without following a link: a symbolic link
 * planted at its name (O_NOFOLLOW: ELOOP), a FIFO, a device or a second hard link to some
 * other file is refused, so a host running as root with a logDir others can write never
 * appends to, nor creates, a file of someone else's choosing. The caller keeps the fd open
 * until the file is opened for writing, then compares it with {@link isSameFile}.
 */
export function openNoFollow(file: string, mode: number): HeldFile {
  let fd: number;
  try {
    fd = openCreatingDir(file, mode);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP' || code === 'EMLINK') throw new UnsafeLogFileError(LINK);
    if (code === 'ENXIO') throw new UnsafeLogFileError(NOT_FILE); // a FIFO with no reader
    throw error;
  }
  const stats = fstatSync(fd);
  const problem = !stats.isFile() ? NOT_FILE : stats.nlink > 1 ? HARD_LINK : undefined;
  if (problem) {
    closeSync(fd);
    throw new UnsafeLogFileError(problem);
  }
  return { fd, ino: stats.ino, dev: stats.dev, size: stats.size };
}

/** Opens with FLAGS; a missing logDir is created first (as the rotating stream would). */
function openCreatingDir(file: string, mode: number): number {
  try {
    return openSync(file, FLAGS, mode);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    mkdirSync(dirname(file), { recursive: true });
    return openSync(file, FLAGS, mode);
  }
}

/** With noFollow, the file a rotating stream opened (at start or after a rotation) is ours. */
export function streamIsOurs(stream: object, file: string, held: HeldFile | undefined): boolean {
  const fd = (stream as { file?: { fd?: number } }).file?.fd;
  return fd !== undefined && isSameFile(fd, file, held);
}

/**
 * True when `fd` (opened by someone else, by name) is the regular file `file` names now, not
 * a link: what turns an lstat-then-open race into a refused file instead of a redirected log.
 */
export function isSameFile(fd: number, file: string, held?: HeldFile): boolean {
  try {
    const named = lstatSync(file);
    const open = fstatSync(fd);
    if (named.isSymbolicLink() || !open.isFile() || open.nlink > 1) return false;
    if (named.ino !== open.ino || named.dev !== open.dev) return false;
    return held === undefined || (held.ino === open.ino && held.dev === open.dev);
  } catch {
    return false;
  }
}
