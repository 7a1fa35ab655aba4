import { closeSync, openSync, readSync, rename, statSync, unlink } from 'node:fs';
import type { Writable } from 'node:stream';

/** The size of a file, 0 when it does not exist (a synchronous probe, once per file open). */
export function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** The last byte of a file of `size` bytes, undefined when unreadable. */
export function lastByte(file: string, size: number): number | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const byte = Buffer.alloc(1);
    return readSync(fd, byte, 0, 1, size - 1) === 1 ? byte[0] : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Ends a stream, resolving once it is closed or failed. */
export function endStream(stream: Writable): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed) return resolve();
    stream.once('close', resolve);
    stream.once('error', () => resolve());
    stream.end();
  });
}

/** Where retire() moves a log's oldest backup before deleting it. */
export function retiredName(file: string): string {
  return `${file}.retired`;
}

/**
 * Moves `oldest` to `aside`, calls `next`, and deletes it in the background. Deleting a file
 * frees its pages in the kernel (about 25 ms for 50 MB here); done by the rotation's rename
 * over it, that time would stall the log between two files, with the child blocked on a
 * full pipe. A rename to a free name costs no more than a lookup.
 */
export function retire(oldest: string, aside: string, next: () => void): void {
  rename(oldest, aside, (error) => {
    next();
    if (!error) unlink(aside, () => {});
  });
}
