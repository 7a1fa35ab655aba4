import type { Readable } from 'node:stream';
import type { Clock } from '../clock.js';
import { NoLogFileError } from './errors.js';
import { dispatchLines } from './line-dispatch.js';
import { LineQueue, type LinesOptions } from './line-queue.js';
import { LineSubscribers } from './line-subscribers.js';
import { LineTail, mergeTails, type TailLine } from './line-tail.js';
import {
  type LineMatch,
  type LineSince,
  type WaitForLineOptions,
  waitForLine,
} from './line-wait.js';
import type { LogLine, LogStream } from './log-line.js';
import {
  checkReadArguments,
  type LogTail,
  type ReadLogOptions,
  readBytes,
  type TailLogOptions,
  tailBytes,
} from './log-read.js';
import type { LogConfig } from './options.js';
import { PauseGate } from './pause-gate.js';
import { ProgramSinks } from './program-sinks.js';
import { captureStream, type StreamCapture } from './stream-capture.js';

export type { LinesOptions } from './line-queue.js';
export type { LineMatch, LineSince, WaitForLineOptions } from './line-wait.js';
export type { LogLine, LogStream } from './log-line.js';
export type { LogTail, ReadLogOptions, TailLogOptions } from './log-read.js';

const NO_LINES = new LineTail(0); // the tail of a stream that printed nothing yet
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

/** Internal knobs, for tests. */
export interface LogTuning {
  /** After a file failure, retry at the first write this late. @default 1000 */
  readonly retryMs?: number;
  /** How often a file being written is checked for deletion. @default 1000 */
  readonly checkMs?: number;
  /** Unwritten bytes per file before the pipes pause. @default 1048576 */
  readonly highWaterBytes?: number;
  /** Overrides config.maxLineBytes. */
  readonly maxLineBytes?: number;
  /** close() waits this long for pipes still being read to end. @default 2000 */
  readonly closeWaitMs?: number;
}

/**
 * Log capture of one program, across all its process runs: owns the line splitting, the
 * in-memory tail, the rotating files and the line subscribers. See docs/logs.md.
 */
export class ProgramLogs {
  readonly #gate = new PauseGate();
  readonly #subscribers = new LineSubscribers();
  /** Each made at its stream's first line: a program that prints nothing holds none. */
  readonly #tails: Partial<Record<LogStream, LineTail>> = {};
  readonly #sinks: ProgramSinks;
  readonly #maxLineBytes: number;
  readonly #closeWaitMs: number;
  /** The pipes being read (of the current run, and of an earlier one still open). */
  #captures: StreamCapture[] = [];
  #seq = 0;
  /** The process run whose pipes are being read (the latest attach), if any. */
  #run: { readonly firstSeq: number } | undefined;

  constructor(
    readonly config: LogConfig,
    readonly host: ProgramLogsHost,
    tuning: LogTuning = {},
  ) {
    this.#maxLineBytes = tuning.maxLineBytes ?? config.maxLineBytes;
    this.#closeWaitMs = tuning.closeWaitMs ?? 2000;
    this.#sinks = new ProgramSinks(config, host, this.#gate, tuning);
  }

  /** The stdout log file's path ('' when none), as supervisord's stdout_logfile. */
  get stdoutLogfile(): string {
    return this.#sinks.of('stdout')?.file ?? '';
  }

  /** The stderr log file's path ('' when none, and with redirectStderr, as in supervisord). */
  get stderrLogfile(): string {
    return this.config.redirectStderr ? '' : (this.#sinks.of('stderr')?.file ?? '');
  }

  /**
   * Starts reading a new process run's pipes. Resolves when both streams have ended and every
   * line (a final partial line included) is delivered and written: one promise per run,
   * settled by a count of open pipes. Never rejects: a file write failure goes to onError.
   */
  attach(stdout: Readable | null, stderr: Readable | null): Promise<void> {
    const run = { firstSeq: this.#seq };
    this.#run = run;
    return new Promise<void>((resolve) => {
      let open = 1 + (stdout ? 1 : 0) + (stderr ? 1 : 0); // pipes, and 1 until set up
      let captures: StreamCapture[] = [];
      const ended = () => {
        if (--open > 0) return;
        this.#captures = this.#captures.filter((c) => !captures.includes(c));
        if (this.#run === run) this.#run = undefined;
        resolve(this.flush().catch((error: Error) => this.host.onError(error)));
      };
      const out = stdout ? [this.#capture(stdout, 'stdout', ended)] : [];
      captures = stderr ? out.concat(this.#capture(stderr, 'stderr', ended)) : out;
      this.#captures = this.#captures.length === 0 ? captures : this.#captures.concat(captures);
      ended();
    });
  }

  /** The current run's process exited: from now on, `since: 'run'` has no earlier lines. */
  endRun(): void {
    this.#run = undefined;
  }

  #capture(readable: Readable, stream: LogStream, onEnd: () => void): StreamCapture {
    return captureStream(readable, this.#gate, this.#maxLineBytes, this.#onRegion, onEnd, stream);
  }

  /** Resolves when every line read so far is written to the files. */
  async flush(): Promise<void> {
    const sinks = this.#sinks.all();
    if (sinks.length > 0) await Promise.all(sinks.map((sink) => sink.flush()));
  }

  /** The last `n` lines (default: all kept), oldest first, of one stream or both merged. */
  tail(n: number = this.config.tailLines, stream?: LogStream): LogLine[] {
    return this.#tailFrom(0, n, stream);
  }

  /** The lines read before now that `since` lets count, oldest first. */
  #earlier(since: LineSince, stream?: LogStream): LogLine[] {
    if (since === 'now') return [];
    if (since === 'tail') return this.tail(undefined, stream);
    const run = this.#run;
    return run ? this.#tailFrom(run.firstSeq, this.config.tailLines, stream) : [];
  }

  /** The last `n` tail lines with a seq of at least `firstSeq`, oldest first. */
  #tailFrom(firstSeq: number, n: number, stream?: LogStream): LogLine[] {
    const streams: LogStream[] = stream ? [stream] : ['stdout', 'stderr'];
    const tails = streams.map((from) => [from, this.#tails[from] ?? NO_LINES] as const);
    return mergeTails(tails, n, firstSeq).map(([line, from]) => this.#toLogLine(line, from));
  }

  /** Lines as they arrive (and, with follow: false, only those already in the tail). */
  async *lines(options: LinesOptions = {}): AsyncGenerator<LogLine> {
    const { stream, follow = true, signal, since = 'now' } = options;
    if (signal?.aborted) return;
    if (!follow) {
      yield* this.tail(undefined, stream);
      return;
    }
    const queue = new LineQueue(this.#gate);
    const remove = this.#subscribers.add({
      stream,
      onLine: (line) => queue.push(line),
      onClose: () => queue.end(),
    });
    const onAbort = () => queue.dispose();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      yield* this.#earlier(since, stream);
      for (let line = await queue.next(); line; line = await queue.next()) yield line;
    } finally {
      remove();
      signal?.removeEventListener('abort', onAbort);
      queue.dispose();
    }
  }

  /**
   * Resolves with the first line matching `pattern`: the oldest one the current process run
   * already printed (`since: 'run'`, the default), else the next one read. Rejects with
   * TimeoutError after `timeoutMs`, AbortError when `signal` aborts or the logs are closed.
   */
  waitForLine(pattern: RegExp | string, options: WaitForLineOptions = {}): Promise<LineMatch> {
    const earlier = () => this.#earlier(options.since ?? 'run', options.stream);
    const { clock, name } = this.host;
    return waitForLine(this.#subscribers, clock, earlier, pattern, options, name);
  }

  /** Bytes of the current log file of a stream, once what was read so far is written. */
  async readLog(options: ReadLogOptions = {}): Promise<string> {
    const { stream = 'stdout', offset = 0, length = 0 } = options;
    checkReadArguments(this.host.name, offset, length, true);
    const file = this.#readableFile(stream);
    await this.flush();
    return (await readBytes(file, offset, length)).toString('utf8');
  }

  /** What was written since `offset`, at most the last `length` bytes, and the new offset. */
  async tailLog(options: TailLogOptions): Promise<LogTail> {
    const { stream = 'stdout', offset = 0, length } = options;
    checkReadArguments(this.host.name, offset, length, false);
    const file = this.#readableFile(stream);
    await this.flush();
    return tailBytes(file, offset, length);
  }

  #readableFile(stream: LogStream): string {
    const { name } = this.host;
    if (this.config.redirectStderr && stream === 'stderr') {
      throw new NoLogFileError(name, stream, 'redirectStderr puts stderr in the stdout file');
    }
    const sink = this.#sinks.of(stream);
    if (sink?.isFile) return sink.file;
    const why = sink
      ? `it goes to ${sink.file}, which is not a file`
      : 'its logfile is NONE (or AUTO without a logDir)';
    throw new NoLogFileError(name, stream, why);
  }

  /** Empties the log files (supervisord's clearProcessLogs); the lines in memory stay. */
  clear(): Promise<void> {
    return this.#sinks.clear(this.#gate);
  }

  /**
   * Call once the program has stopped for good (removed, supervisor disposed): waits up to
   * 2 s for pipes still being read to end (a stopped child's pipes end at once; one kept open
   * by an escaped grandchild is let go), flushes and closes the files, ends the `lines()`
   * iterators and rejects pending `waitForLine()` calls. A later attach() opens the files again.
   */

  async close(): Promise<void> {
    await this.#settleCaptures();
    this.#subscribers.closeAll();
    await Promise.all(this.#sinks.all().map((sink) => sink.close()));
  }

  async #settleCaptures(): Promise<void> {
    if (this.#captures.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      // Not unref'd: a host exiting right after close() must still get its files flushed.
      timer = setTimeout(resolve, this.#closeWaitMs);
    });
    await Promise.race([Promise.all(this.#captures.map((c) => c.done)), grace]);
    clearTimeout(timer);
    for (const capture of this.#captures) capture.abandon();
  }

  /** Every pipe's regions, told apart by their stream: one function per program, not per pipe. */
  readonly #onRegion = (region: Buffer, continued: boolean, stream: LogStream): void => {
    const time = this.host.clock.now();
    this.#tails[stream] ??= new LineTail(this.config.tailLines);
    this.#tails[stream].push(region, time, this.#seq++, continued);
    this.#sinks.write(stream, region, time);
    if (this.#subscribers.size > 0 || this.host.wantsLines()) {
      dispatchLines(this.host, this.#subscribers, stream, region, time, continued);
    }
  };

  #toLogLine({ line, time, continued }: TailLine, stream: LogStream): LogLine {
    return { name: this.host.name, group: this.host.group, stream, line, time, continued };
  }
}
