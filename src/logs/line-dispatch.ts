import { nativeFunction } from '../process/native.js';
import { PIECE_BYTES, pieceEnd } from './line-splitter.js';
import type { LineSubscribers } from './line-subscribers.js';
import type { LogLine, LogStream } from './log-line.js';

/** What the line path needs from the program (see ProgramLogsHost). */
export interface LineHost {
  readonly name: string;
  readonly group: string;
  onLine(line: LogLine): void;
  wantsLines(): boolean;
  onError(error: Error): void;
}

type NativeLineEnds = (region: Uint8Array, start: number, end: number, out: Int32Array) => number;

/**
 * A piece of a region decoded once, and where its lines end in the text: with the native
 * addon the newlines are found in C (16 bytes at a time) and an ASCII piece is decoded as
 * latin1 (a copy); otherwise (a byte >= 0x80, or no addon) it is decoded as UTF-8 and cut
 * with indexOf. The lines are the same either way.
 */
class PieceLines {
  text = '';
  /** ends[i] is the index just past line i (its newline's); the last is text.length. */
  readonly ends = new Int32Array(PIECE_BYTES + 1);
  readonly #native: NativeLineEnds | undefined = nativeLineEnds();

  /** Cuts region[start, end) (whole lines, at most PIECE_BYTES or one line): the line count. */
  cut(region: Buffer, start: number, end: number): number {
    const count = this.#native ? this.#native(region, start, end, this.ends) : -1;
    if (count >= 0) {
      this.text = region.toString('latin1', start, end - 1);
      return count;
    }
    const text = region.toString('utf8', start, end - 1);
    this.text = text;
    let lines = 0;
    for (let from = 0; from <= text.length; lines++) {
      const nl = text.indexOf('\n', from);
      const to = nl === -1 ? text.length : nl;
      this.ends[lines] = to;
      from = to + 1;
    }
    return lines;
  }
}

/** One cutter for the host, and another for a dispatch that starts inside a listener. */
let spare: PieceLines | undefined;

/**
 * Per-line delivery of a region (only when someone wants lines): one LogLine per line, to
 * the host's 'log' listeners (see LineFanout) and to the `lines()`/`waitForLine()`
 * subscribers. A piece is at most 64 KiB of whole lines (a longer string goes to V8's
 * large-object space: twice the cost).
 */
export function dispatchLines(
  host: LineHost,
  subscribers: LineSubscribers,
  stream: LogStream,
  region: Buffer,
  time: number,
  continued: boolean,
): void {
  const { name, group } = host;
  const wanted = host.wantsLines();
  const piece = spare ?? new PieceLines();
  spare = undefined;
  for (let start = 0, end = 0; start < region.length; start = end) {
    end = pieceEnd(region, start);
    const count = piece.cut(region, start, end);
    const { text, ends } = piece;
    for (let i = 0, from = 0; i < count; i++) {
      const to = ends[i] as number;
      const entry: LogLine = { name, group, stream, line: text.slice(from, to), time, continued };
      if (wanted) deliver(host, entry);
      if (subscribers.size > 0) subscribers.publish(entry);
      from = to + 1;
    }
  }
  spare = piece;
}

function deliver(host: LineHost, line: LogLine): void {
  try {
    host.onLine(line);
  } catch (error) {
    host.onError(error instanceof Error ? error : new Error(String(error)));
  }
}

const nativeLineEnds = (): NativeLineEnds | undefined => nativeFunction('lineEnds');
