import type { Clock } from '../clock.js';
import { LOG_RETRY_MS } from './failure-episode.js';
import type { PauseGate } from './pause-gate.js';

export interface LogFileOptions {
  /** Absolute path of the current file. */
  readonly file: string;
  /** Rotate once the file reaches this size; 0 = never. */
  readonly maxBytes: number;
  /** Rotated files kept; 0 = the file is emptied on rotation. */
  readonly backups: number;
  readonly program: string;
  readonly clock: Clock;
  /** Paused while too much is waiting to be written. */
  readonly gate: PauseGate;
  readonly onError: (error: Error) => void;
  /** After a failure, try opening the file again at the first write this late. @default 1000 */
  readonly retryMs?: number;
  /** While writing, check this often that the file was not deleted or moved. @default 1000 */
  readonly checkMs?: number;
  /** Pause the pipes while this many bytes wait behind the write in progress. @default 1 MiB */
  readonly highWaterBytes?: number;
  /**
   * Never open the file through a link, nor a FIFO, device or hard-linked file at its name
   * (AUTO files, in a logDir others may write). Explicit paths are followed. @default false
   */
  readonly noFollow?: boolean;
}

/**
 * The options with their defaults, as one object of a fixed shape: a spread of the caller's
 * object would give every file its own hidden class (about 250 bytes each).
 */
export function withDefaults(o: LogFileOptions): Required<LogFileOptions> {
  return {
    file: o.file,
    maxBytes: o.maxBytes,
    backups: o.backups,
    program: o.program,
    clock: o.clock,
    gate: o.gate,
    onError: o.onError,
    retryMs: o.retryMs ?? LOG_RETRY_MS,
    checkMs: o.checkMs ?? 1000,
    highWaterBytes: o.highWaterBytes ?? 1024 * 1024,
    noFollow: o.noFollow ?? false,
  };
}
