import type { Clock, TimerHandle } from '../clock.js';
import { AbortError, TimeoutError } from '../errors.js';
import type { LineSubscribers } from './line-subscribers.js';
import type { LogLine, LogStream } from './log-line.js';

/** Which lines read before a `waitForLine()` or `lines()` call count: see WaitForLineOptions. */
export type LineSince = 'run' | 'tail' | 'now';

export interface WaitForLineOptions {
  readonly stream?: LogStream;
  /** Reject with a TimeoutError after this many milliseconds. @default no timeout */
  readonly timeoutMs?: number;
  /** Reject with an AbortError when aborted. */
  readonly signal?: AbortSignal;
  /**
   * Which lines read before the call count, besides those still to come: `'run'`, the
   * current process run's (so a line printed during STARTING, before `await start()`
   * returned, is not missed; between runs, none); `'tail'`, any still in the in-memory tail,
   * earlier runs' too; `'now'`, none. The oldest match wins. @default 'run'
   */
  readonly since?: LineSince;
}

export interface LineMatch {
  readonly line: LogLine;
  /** The RegExp match (for a string pattern: a match of the escaped string). */
  readonly match: RegExpExecArray;
}

/** A RegExp matching `pattern`, without the g/y flags whose lastIndex state would skip lines. */
export function toLineRegExp(pattern: RegExp | string): RegExp {
  if (typeof pattern === 'string')
    return new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
}

/**
 * The first line matching `pattern`: see ProgramLogs.waitForLine. `earlier` gives the lines
 * read before the call that count (chosen by `options.since`), oldest first.
 */
export function waitForLine(
  subscribers: LineSubscribers,
  clock: Clock,
  earlier: () => readonly LogLine[],
  pattern: RegExp | string,
  options: WaitForLineOptions,
  program?: string,
): Promise<LineMatch> {
  const regexp = toLineRegExp(pattern);
  const what = `a line matching ${String(regexp)}`;
  if (options.signal?.aborted)
    return Promise.reject(new AbortError(what, options.signal.reason, program));
  const found = firstMatch(earlier(), regexp, options.stream);
  if (found) return Promise.resolve(found);
  return new Promise<LineMatch>((resolve, reject) => {
    let timer: TimerHandle | undefined;
    const onAbort = () => finish(new AbortError(what, options.signal?.reason, program));
    const finish = (error: Error | undefined, found?: LineMatch) => {
      remove();
      clock.clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (found) resolve(found);
      else reject(error);
    };
    const remove = subscribers.add({
      stream: options.stream,
      onLine: (line) => {
        const match = regexp.exec(line.line);
        if (match) finish(undefined, { line, match });
      },
      onClose: () => finish(new AbortError(what, 'the logs were closed', program)),
    });
    if (options.timeoutMs !== undefined) {
      timer = clock.setTimeout(
        () => finish(new TimeoutError(what, options.timeoutMs ?? 0, program)),
        options.timeoutMs,
      );
    }
    options.signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function firstMatch(
  lines: readonly LogLine[],
  regexp: RegExp,
  stream?: LogStream,
): LineMatch | undefined {
  for (const line of lines) {
    if (stream !== undefined && line.stream !== stream) continue;
    const match = regexp.exec(line.line);
    if (match) return { line, match };
  }
  return undefined;
}
