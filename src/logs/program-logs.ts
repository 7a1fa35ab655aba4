import type { Readable } from 'node:stream';
import type { Clock } from '../clock.js';
import type { LogConfig } from './options.js';

/** Which stream a line came from. */
export type LogStream = 'stdout' | 'stderr';

/** One captured line. */
export interface LogLine {
  readonly name: string;
  readonly group: string;
  readonly stream: LogStream;
  /** The line without its newline. */
  readonly line: string;
  /** Epoch milliseconds when it was read. */
  readonly time: number;
}

export interface LinesOptions {
  readonly stream?: LogStream;
  /** Keep waiting for new lines (true) or end after the buffered ones (false). @default true */
  readonly follow?: boolean;
  /** Ends the iteration. */
  readonly signal?: AbortSignal;
}

export interface WaitForLineOptions {
  readonly stream?: LogStream;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

export interface LineMatch {
  readonly line: LogLine;
  /** The RegExp match (for a string pattern: a match of the escaped string). */
  readonly match: RegExpExecArray;
}

/** What a ProgramLogs needs from its Program. */
export interface ProgramLogsHost {
  readonly name: string;
  readonly group: string;
  /** The supervisor's log directory, for 'AUTO' log files. */
  readonly logDir: string | undefined;
  readonly clock: Clock;
  /** Called for every complete line (skip the work when nobody listens: see wantsLines). */
  onLine(line: LogLine): void;
  /** True when the host has `log` listeners. */
  wantsLines(): boolean;
  /** A log file could not be opened or written: reported as an `error` event. */
  onError(error: Error): void;
}

/**
 * Log capture of one program, across all its process runs: owns the line splitting, the
 * in-memory tail, the rotating files and the line subscribers. (Stub: the log capture
 * feature fills it in.)
 */
export class ProgramLogs {
  constructor(
    readonly config: LogConfig,
    readonly host: ProgramLogsHost,
  ) {}

  /**
   * Starts reading a new process run's pipes. Resolves when both streams have ended and every
   * line (a final partial line included) is delivered and written.
   */
  async attach(stdout: Readable | null, stderr: Readable | null): Promise<void> {
    stdout?.resume();
    stderr?.resume();
  }

  /** The last `n` lines, oldest first, of one stream or both merged. */
  tail(_n?: number, _stream?: LogStream): LogLine[] {
    return [];
  }

  /** Lines as they arrive (and, with follow: false, only those already in the tail). */
  async *lines(_options: LinesOptions = {}): AsyncGenerator<LogLine> {}

  /** Resolves with the first line (from now on, or already in the tail with `since: 'tail'`) matching `pattern`. */
  waitForLine(_pattern: RegExp | string, _options: WaitForLineOptions = {}): Promise<LineMatch> {
    return Promise.reject(new Error('log capture not implemented'));
  }

  /** Flushes and closes the files. */
  async close(): Promise<void> {}
}
