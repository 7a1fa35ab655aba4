import { type FileHandle, open } from 'node:fs/promises';
import { OptionError } from '../errors.js';
import type { LogStream } from './log-line.js';

/** Which bytes `readLog()` reads. */
export interface ReadLogOptions {
  /** @default 'stdout' */
  readonly stream?: LogStream;
  /** Byte offset in the current file; negative: that many bytes from its end. @default 0 */
  readonly offset?: number;
  /** Bytes to read, 0 for all up to the end (must be 0 with a negative offset). @default 0 */
  readonly length?: number;
}

/** Where `tailLog()` goes on from. */
export interface TailLogOptions {
  /** @default 'stdout' */
  readonly stream?: LogStream;
  /** The `offset` of the previous result (0 at first). @default 0 */
  readonly offset?: number;
  /** At most this many bytes are returned (the last ones). */
  readonly length: number;
}

/** Checks readLog/tailLog arguments like supervisord (BAD_ARGUMENTS) with a typed error. */
export function checkReadArguments(
  program: string,
  offset: number,
  length: number,
  negativeOffset: boolean,
): void {
  const bad = (option: string, value: number, fix: string) =>
    new OptionError({ program, option, value, fix });
  if (!Number.isSafeInteger(offset) || (offset < 0 && !negativeOffset)) {
    throw bad('offset', offset, `Use a whole number of bytes${negativeOffset ? '' : ' >= 0'}.`);
  }
  if (!Number.isSafeInteger(length) || length < 0) {
    throw bad('length', length, 'Use a whole number of bytes >= 0.');
  }
  if (offset < 0 && length !== 0) {
    throw bad('length', length, 'A negative offset reads up to the end: leave length at 0.');
  }
}

/** What `tailLog()` returns: supervisord's tailProcessStdoutLog triple. */
export interface LogTail {
  /** The bytes read, decoded as UTF-8. */
  readonly data: string;
  /** The file's size now: pass it as the next call's `offset` to go on from there. */
  readonly offset: number;
  /**
   * More than `length` bytes were written since `offset` (or the file was rotated in
   * between): `data` holds only the last `length` bytes.
   */
  readonly overflow: boolean;
}

/**
 * `length` bytes of `file` from `offset` (0: to the end); a negative offset reads the last
 * `-offset` bytes. A file not created yet reads as empty.
 */
export async function readBytes(file: string, offset: number, length: number): Promise<Buffer> {
  return withFile(file, Buffer.alloc(0), async (handle, size) => {
    const start = offset < 0 ? Math.max(0, size + offset) : Math.min(offset, size);
    const end = length === 0 || offset < 0 ? size : Math.min(size, start + length);
    return readRange(handle, start, end);
  });
}

/**
 * What was written to `file` since `offset`, at most its last `length` bytes. A file smaller
 * than `offset` was rotated or emptied since: it is read from its start.
 */
export async function tailBytes(file: string, offset: number, length: number): Promise<LogTail> {
  const empty = { data: '', offset: 0, overflow: false };
  return withFile(file, empty, async (handle, size) => {
    const from = offset > size ? 0 : offset;
    const start = Math.max(from, size - length);
    const data = (await readRange(handle, start, size)).toString('utf8');
    return { data, offset: size, overflow: start > from || offset > size };
  });
}

async function withFile<T>(
  file: string,
  missing: T,
  read: (handle: FileHandle, size: number) => Promise<T>,
): Promise<T> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return missing;
    throw error;
  }
  try {
    return await read(handle, (await handle.stat()).size);
  } finally {
    await handle.close();
  }
}

async function readRange(handle: FileHandle, start: number, end: number): Promise<Buffer> {
  const buffer = Buffer.alloc(Math.max(0, end - start));
  let done = 0;
  while (done < buffer.length) {
    const { bytesRead } = await handle.read(buffer, done, buffer.length - done, start + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return buffer.subarray(0, done);
}
