import { closeSync, openSync, readSync, statSync } from 'node:fs';
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
