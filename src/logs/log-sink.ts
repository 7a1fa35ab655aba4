import { constants, openSync, type Stats, statSync } from 'node:fs';
import { Socket } from 'node:net';
import { LogFile, type LogFileOptions } from './log-file.js';
import { StreamLog } from './stream-log.js';

/** Where a stream's whole-line regions go: a rotating file, or a stream that is not a file. */
export interface LogSink {
  /** The path as configured (resolved). */
  readonly file: string;
  /** A regular file (readLog()/tailLog() can read it back), not a stream. */
  readonly isFile: boolean;
  /** Queues a region of whole lines (a copy: the region may be a view of a reused buffer). */
  write(region: Buffer): void;
  /** Queues a region with `prefix` (latin1 text of its bytes) before every line, when cheaper than write(). */
  writeStamped?(region: Buffer, prefix: string): void;
  /** Resolves when everything queued so far is written (or dropped after a failure). */
  flush(): Promise<void>;
  /** Writes what is queued and lets the target go. */
  close(): Promise<void>;
}

/** The host's own stdout and stderr, under the names a configuration may use for them. */
const HOST_STREAMS: Readonly<Record<string, 'stdout' | 'stderr'>> = {
  '/dev/stdout': 'stdout',
  '/dev/fd/1': 'stdout',
  '/proc/self/fd/1': 'stdout',
  '/dev/stderr': 'stderr',
  '/dev/fd/2': 'stderr',
  '/proc/self/fd/2': 'stderr',
};

/** What a log path names: the host's stdout or stderr, a FIFO, another non-file, or a file. */
type TargetKind = 'stdout' | 'stderr' | 'fifo' | 'device' | 'file';

/** undefined stats (missing: a file to create, or unreadable: reported when opened) is 'file'. */
function targetKind(file: string): TargetKind {
  const host = HOST_STREAMS[file];
  if (host) return host;
  let stats: Stats;
  try {
    stats = statSync(file);
  } catch {
    return 'file';
  }
  if (stats.isFile()) return 'file';
  return stats.isFIFO() ? 'fifo' : 'device';
}

/**
 * True when `file` names a stream rather than a file to rotate: the host's stdout or stderr
 * (by any of its names), or an existing FIFO, character device or socket. Such a target is
 * written as is, without rotation, and several programs may share it.
 */
export function isStreamPath(file: string): boolean {
  return targetKind(file) !== 'file';
}

/**
 * A FIFO opened without waiting for a reader (ENXIO when there is none: reported, retried
 * later), written through a non-blocking pipe handle, so a reader that stops reading pauses
 * the child instead of holding a thread.
 */
function openFifo(file: string): Socket {
  const fd = openSync(file, constants.O_WRONLY | constants.O_NONBLOCK);
  return new Socket({ fd, readable: false, writable: true });
}

/**
 * A LogFile for a regular file (always, for an AUTO file), a StreamLog for the host's streams and other non-files. */
export function createLogSink(options: LogFileOptions): LogSink {
  const { file, program, gate, onError, clock, retryMs } = options;
  const common = { file, program, gate, onError, clock, retryMs };
  // An AUTO file is always a file of ours: whatever is planted at its name is refused by it.
  if (options.noFollow) return new LogFile(options);
  const kind = targetKind(file);
  if (kind === 'stdout' || kind === 'stderr') {
    return new StreamLog({ ...common, open: () => process[kind], owned: false });
  }
  if (kind === 'fifo') return new StreamLog({ ...common, open: () => openFifo(file), owned: true });
  if (kind === 'device') return new StreamLog({ ...common, owned: true });
  return new LogFile(options);
}

/**
 * An AUTO log file made at its first write: a LogFile opens nothing before it, so making it
 * then changes nothing a user can see, and a program that prints nothing holds no file object.
 */
export class LazyLogFile implements LogSink {
  readonly #options: LogFileOptions;
  #file: LogFile | undefined;

  constructor(options: LogFileOptions) {
    this.#options = options;
  }

  get file(): string {
    return this.#options.file;
  }
  get isFile(): boolean {
    return true;
  }
  write(region: Buffer): void {
    this.#made().write(region);
  }
  writeStamped(region: Buffer, prefix: string): void {
    this.#made().writeStamped(region, prefix);
  }
  #made(): LogFile {
    this.#file ??= new LogFile(this.#options);
    return this.#file;
  }
  flush(): Promise<void> {
    return this.#file ? this.#file.flush() : Promise.resolve();
  }
  close(): Promise<void> {
    return this.#file ? this.#file.close() : Promise.resolve();
  }
}
