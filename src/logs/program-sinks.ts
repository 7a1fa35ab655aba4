import { rm, writeFile } from 'node:fs/promises';
import type { Clock } from '../clock.js';
import { sharedStamper } from './line-stamper.js';
import { LOG_FILE_MODE } from './log-file.js';
import { withDefaults } from './log-file-options.js';
import type { LogLine } from './log-line.js';
import { resolveLogPath } from './log-paths.js';
import { createLogSink, LazyLogFile, type LogSink } from './log-sink.js';
import type { LogConfig } from './options.js';
import type { PauseGate } from './pause-gate.js';
import type { LogTuning } from './program-logs.js';
import { TimestampCache } from './timestamps.js';

type LogStream = LogLine['stream'];

/** What the sinks of one program need from it. */
export interface SinksHost {
  readonly name: string;
  readonly logDir: string | undefined;
  readonly clock: Clock;
  onError(error: Error): void;
}

/**
 * Where one program's two streams are written (a file, a stream such as /dev/stdout, the
 * same sink for both, or none), and how each region is dressed on the way: timestamps
 * (`logTimestamps`) everywhere, and `logPrefix` before every line sent to a stream target,
 * so the lines of several programs sharing the container's stdout can be told apart.
 */
export class ProgramSinks {
  readonly #byStream: Readonly<Record<LogStream, LogSink | undefined>>;
  /** Only with logTimestamps. */
  readonly #stamps: TimestampCache | undefined;
  /** logPrefix as latin1 text of its UTF-8 bytes (what the stamper takes), '' for none. */
  readonly #prefix: string;

  constructor(config: LogConfig, host: SinksHost, gate: PauseGate, tuning: LogTuning) {
    this.#stamps = config.logTimestamps ? new TimestampCache() : undefined;
    this.#prefix = Buffer.from(config.logPrefix, 'utf8').toString('latin1');
    const onError = (error: Error) => host.onError(error);
    const stdout = makeSink(config, host, gate, tuning, 'stdout', onError);
    if (config.redirectStderr) {
      this.#byStream = { stdout, stderr: stdout };
    } else {
      const stderr = makeSink(config, host, gate, tuning, 'stderr', onError);
      this.#byStream = { stdout, stderr: stderr && stderr.file === stdout?.file ? stdout : stderr };
    }
  }

  /** The sink of a stream (shared with the other stream when they write to one target). */
  of(stream: LogStream): LogSink | undefined {
    return this.#byStream[stream];
  }

  /** Queues a region of whole lines read from `stream` at `time`. */
  write(stream: LogStream, region: Buffer, time: number): void {
    const sink = this.#byStream[stream];
    if (!sink) return;
    const stamp = this.#stamps ? this.#stamps.prefix(time) : '';
    const prefix = sink.isFile ? stamp : this.#prefix + stamp;
    if (!prefix) sink.write(region);
    else if (sink.writeStamped) sink.writeStamped(region, prefix);
    else sink.write(sharedStamper().stamp(region, prefix));
  }

  /**
   * Empties every file (supervisord's clearProcessLogs: the file is deleted and an empty one
   * started; backups stay). The pipes are paused meanwhile, so the write in progress (and a
   * rotation) ends first and nothing is written to the old file; the next line opens the new.
   */
  async clear(gate: PauseGate): Promise<void> {
    gate.block(this);
    try {
      await Promise.all(
        this.all()
          .filter((s) => s.isFile)
          .map((sink) => emptyFile(sink)),
      );
    } finally {
      gate.unblock(this);
    }
  }

  /** Each sink once. */
  all(): LogSink[] {
    const { stdout, stderr } = this.#byStream;
    if (!stdout) return stderr ? [stderr] : [];
    return stderr && stderr !== stdout ? [stdout, stderr] : [stdout];
  }
}

async function emptyFile(sink: LogSink): Promise<void> {
  await sink.close();
  await rm(sink.file, { force: true });
  await writeFile(sink.file, '', { mode: LOG_FILE_MODE });
}

function makeSink(
  config: LogConfig,
  host: SinksHost,
  gate: PauseGate,
  tuning: LogTuning,
  stream: LogStream,
  onError: (error: Error) => void,
): LogSink | undefined {
  const file = resolveLogPath(config[stream].logfile, stream, host);
  if (file === undefined) return undefined;
  const { maxBytes, backups } = config[stream];
  const { retryMs, checkMs, highWaterBytes } = tuning;
  // AUTO files are never opened through a planted link (see no-follow.ts); explicit paths are.
  const noFollow = config[stream].logfile === 'AUTO';
  const options = withDefaults({
    ...{ file, maxBytes, backups, program: host.name, clock: host.clock, onError, gate, noFollow },
    ...definedOnly({ retryMs, checkMs, highWaterBytes }),
  });
  // An AUTO file is always a LogFile, which touches nothing before its first write: made then.
  return noFollow ? new LazyLogFile(options) : createLogSink(options);
}

function definedOnly<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(values).filter(([, v]) => v !== undefined),
  ) as Partial<T>;
}
