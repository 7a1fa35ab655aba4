import type { LogStream } from './log-line.js';

const NEWLINE = 0x0a;

/**
 * Receives a region: a Buffer of one or more whole lines, each ending in a newline.
 * `continued` marks a piece of an over-long line (one line, its newline added by the splitter).
 */
export type RegionSink = (region: Buffer, continued: boolean, stream: LogStream) => void;

/**
 * Splits a byte stream into whole-line regions without looking at every line: a chunk is
 * passed on as one region up to its last newline and only the partial tail is kept. A region
 * may be a view of the chunk, valid only during the sink's call: sinks copy what they keep. Lines
 * longer than `maxLineBytes` are cut into pieces of at most `maxLineBytes` bytes (at a UTF-8
 * character boundary when there is one), so memory stays bounded whatever the child writes.
 */
export class LineSplitter {
  readonly #maxLineBytes: number;
  readonly #sink: RegionSink;
  /** Passed to the sink with every region: one sink can serve both streams of a program. */
  readonly #stream: LogStream;
  #parts: Buffer[] = [];
  #partBytes = 0;

  constructor(maxLineBytes: number, sink: RegionSink, stream: LogStream = 'stdout') {
    if (!(maxLineBytes >= 1)) throw new RangeError('maxLineBytes must be >= 1');
    this.#maxLineBytes = maxLineBytes;
    this.#sink = sink;
    this.#stream = stream;
  }

  /** Bytes of the incomplete line held back. */
  get pendingBytes(): number {
    return this.#partBytes;
  }

  push(chunk: Buffer): void {
    let start = 0;
    if (this.#partBytes > 0) {
      start = this.#completePartial(chunk);
      if (start >= chunk.length) return;
    }
    const last = chunk.lastIndexOf(NEWLINE);
    if (last < start) {
      this.#keep(chunk.subarray(start));
      return;
    }
    const region =
      start === 0 && last === chunk.length - 1 ? chunk : chunk.subarray(start, last + 1);
    if (region.length > this.#maxLineBytes) this.#emitChecked(region);
    else this.#sink(region, false, this.#stream);
    if (last + 1 < chunk.length) this.#keep(chunk.subarray(last + 1));
  }

  /** The stream ended: a final line without a newline is emitted with one added. */
  end(): void {
    if (this.#partBytes === 0) return;
    const line = Buffer.allocUnsafe(this.#partBytes + 1);
    let offset = 0;
    for (const part of this.#parts) offset += part.copy(line, offset);
    line[offset] = NEWLINE;
    this.#parts = [];
    this.#partBytes = 0;
    this.#sink(line, false, this.#stream);
  }

  /** Appends the chunk's first line to the held partial line; returns where the rest starts. */
  #completePartial(chunk: Buffer): number {
    const nl = chunk.indexOf(NEWLINE);
    if (nl === -1) {
      this.#keep(chunk);
      return chunk.length;
    }
    this.#parts.push(chunk.subarray(0, nl + 1));
    const line = Buffer.concat(this.#parts, this.#partBytes + nl + 1);
    this.#parts = [];
    this.#partBytes = 0;
    this.#emitLine(line);
    return nl + 1;
  }

  /**
   * Holds an incomplete line (a copy: a chunk may be a view of a read buffer that is reused),
   * cutting off pieces while it is longer than the limit.
   */
  #keep(part: Buffer): void {
    this.#parts.push(Buffer.from(part));
    this.#partBytes += part.length;
    if (this.#partBytes <= this.#maxLineBytes) return;
    const all = Buffer.concat(this.#parts, this.#partBytes);
    const offset = this.#cutPieces(all, all.length);
    const rest = Buffer.from(all.subarray(offset));
    this.#parts = rest.length > 0 ? [rest] : [];
    this.#partBytes = rest.length;
  }

  /** A region larger than the limit: pass short lines on in groups, cut the long ones. */
  #emitChecked(region: Buffer): void {
    let groupStart = 0;
    let lineStart = 0;
    while (lineStart < region.length) {
      const nl = region.indexOf(NEWLINE, lineStart);
      if (nl - lineStart > this.#maxLineBytes) {
        if (lineStart > groupStart)
          this.#sink(region.subarray(groupStart, lineStart), false, this.#stream);
        this.#emitLine(region.subarray(lineStart, nl + 1));
        groupStart = nl + 1;
      }
      lineStart = nl + 1;
    }
    if (groupStart < region.length) this.#sink(region.subarray(groupStart), false, this.#stream);
  }

  /** One line with its newline: cut when too long, the last piece keeps the newline. */
  #emitLine(line: Buffer): void {
    const content = line.length - 1;
    const offset = content > this.#maxLineBytes ? this.#cutPieces(line, content) : 0;
    this.#sink(offset === 0 ? line : line.subarray(offset), false, this.#stream);
  }

  /** Emits continued pieces from the front of `buf[0, end)` while more than the limit is left. */
  #cutPieces(buf: Buffer, end: number): number {
    let offset = 0;
    while (end - offset > this.#maxLineBytes) {
      const cut = utf8Boundary(buf, offset, offset + this.#maxLineBytes);
      const piece = Buffer.allocUnsafe(cut - offset + 1);
      buf.copy(piece, 0, offset, cut);
      piece[piece.length - 1] = NEWLINE;
      this.#sink(piece, true, this.#stream);
      offset = cut;
    }
    return offset;
  }
}

/** The largest cut position in (from, to] that does not split a UTF-8 character. */
export function utf8Boundary(buf: Buffer, from: number, to: number): number {
  let cut = to;
  const floor = Math.max(from, to - 4);
  // A continuation byte (0b10xxxxxx) cannot start a character: move back to the lead byte.
  while (cut > floor && ((buf[cut] ?? 0) & 0xc0) === 0x80) cut--;
  return cut > floor ? cut : to;
}

/** Bytes decoded into one string at most (whole lines; a longer line is one piece). */
export const PIECE_BYTES = 64 * 1024;

/** Where the piece of `region` (whole lines) that starts at `start` ends: after a newline. */
export function pieceEnd(region: Buffer, start: number): number {
  if (region.length - start <= PIECE_BYTES) return region.length;
  const nl = region.lastIndexOf(NEWLINE, start + PIECE_BYTES - 1);
  return nl >= start ? nl + 1 : region.indexOf(NEWLINE, start + PIECE_BYTES) + 1;
}
