import { OverseerError } from '../errors.js';

/**
 * A log file could not be opened, written, rotated, or it was deleted or moved while in use.
 * Reported through the `error` event; the child keeps running, in-memory capture continues,
 * and writing resumes when the file can be opened again (see docs/logs.md).
 */
export class LogWriteError extends OverseerError<'LOG_WRITE_FAILED'> {
  /** The program whose log it is. */
  readonly program: string;
  /** The log file's path. */
  readonly file: string;

  constructor(program: string, file: string, problem: string, cause?: unknown) {
    const reason = cause === undefined ? '' : `: ${describeCause(cause)}`;
    super(
      'LOG_WRITE_FAILED',
      `Log file "${file}" of program "${program}" ${problem}${reason}. ` +
        'The program keeps running and its lines stay in memory; writing resumes when the file can be opened again.',
      { cause },
    );
    this.program = program;
    this.file = file;
  }
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) return cause.message;
  return String(cause);
}

/** readLog()/tailLog() on a stream that has no log file (supervisord's NO_FILE fault). */
export class NoLogFileError extends OverseerError<'NO_FILE'> {
  readonly program: string;
  readonly stream: string;
  constructor(program: string, stream: string, why: string) {
    super(
      'NO_FILE',
      `Program "${program}" has no ${stream} log file to read: ${why}. Use tail() or lines() for the lines kept in memory.`,
    );
    this.program = program;
    this.stream = stream;
  }
}
