/** Which stream a line came from. */
export type LogStream = 'stdout' | 'stderr';

/** One captured line. */
export interface LogLine {
  readonly name: string;
  readonly group: string;
  readonly stream: LogStream;
  /** The line without its newline (decoded as UTF-8). */
  readonly line: string;
  /** Epoch milliseconds when it was read. */
  readonly time: number;
  /**
   * True when the line was longer than the line limit (1 MiB) and was cut: the next line of
   * the same stream continues it.
   */
  readonly continued: boolean;
}
