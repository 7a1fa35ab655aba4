import { nativeFunction } from '../process/native.js';

const NEWLINE = 0x0a;

/** Bytes pushed between two trims: the work of trimming is amortized over them. */
const TRIM_EVERY_BYTES = 1024 * 1024;

/** A line read back from the tail. */
export interface TailLine {
  readonly line: string;
  readonly time: number;
  /** Arrival order across streams (lines of one region share it). */
  readonly seq: number;
  readonly continued: boolean;
}

interface Region {
  /** Where its bytes are in the tail's store. */
  start: number;
  end: number;
  readonly time: number;
  readonly seq: number;
  readonly continued: boolean;
  /** Line count, once known. */
  lines: number;
}

/** The smallest store a tail makes. */
const MIN_STORE_BYTES = 4096;
/** Bytes per kept line above which a region is cut to its last lines before it is copied. */
const CUT_BYTES_PER_LINE = 64;

/** The addon's lastLinesStart (a memrchr per line, from the end), when built. */
const lastLinesStart = nativeFunction('lastLinesStart');

/**
 * The last `capacity` lines of a stream. Regions (whole lines) are copied as they come into
 * one store of bytes (a region may be a view of a read buffer that is reused) and split into
 * strings only when read, so keeping a tail costs one copy per byte and nothing per line on
 * the hot path. Every MiB (or 2 x capacity regions) the oldest regions are dropped, counting
 * lines back from the newest; when the store is full, what is kept moves to its front (or to
 * a store twice its size): memory stays within about twice the kept lines plus the largest
 * region, and never far above `maxBytes`.
 */
export class LineTail {
  readonly capacity: number;
  readonly maxBytes: number;
  #regions: Region[] = [];
  #store: Buffer | undefined;
  #used = 0;
  #bytesSinceTrim = 0;

  constructor(capacity: number, maxBytes = 16 * 1024 * 1024) {
    this.capacity = capacity;
    this.maxBytes = maxBytes;
  }

  /** Stores a copy of a region: one or more whole lines, each ending in a newline. */
  push(region: Buffer, time: number, seq: number, continued = false): void {
    if (this.capacity === 0 || region.length === 0) return;
    const [buf, lines] = this.#kept(region);
    const store = this.#room(buf.length);
    buf.copy(store, this.#used);
    const start = this.#used;
    this.#used += buf.length;
    this.#regions.push({ start, end: this.#used, time, seq, continued, lines });
    this.#bytesSinceTrim += buf.length;
    if (this.#bytesSinceTrim > TRIM_EVERY_BYTES || this.#regions.length > 2 * this.capacity + 64) {
      this.trim();
    }
  }

  /**
   * What of a region is worth copying: a large one (a busy program's read of 256 KiB holds
   * thousands of lines) is cut to its last `capacity` lines first, found from the end by the
   * addon, so the tail copies about what it keeps instead of every byte printed; the line
   * count, when known.
   */
  #kept(region: Buffer): [Buffer, number] {
    if (!lastLinesStart || region.length <= this.capacity * CUT_BYTES_PER_LINE) return [region, -1];
    const start = lastLinesStart(region, this.capacity);
    return start > 0 ? [region.subarray(start), this.capacity] : [region, -1];
  }

  /** The last `n` lines (at most capacity), oldest first. */
  lines(n = this.capacity): TailLine[] {
    this.trim();
    let need = Math.min(n, this.capacity);
    const out: TailLine[][] = [];
    for (let i = this.#regions.length - 1; i >= 0 && need > 0; i--) {
      const region = this.#regions[i] as Region;
      const texts = this.#bytes(region).toString('utf8', 0, region.end - region.start - 1);
      const all = texts.split('\n');
      const taken = all.length > need ? all.slice(all.length - need) : all;
      need -= taken.length;
      out.push(taken.map((line) => toTailLine(line, region)));
    }
    return out.reverse().flat();
  }

  /** Drops what is older than the last `capacity` lines (or beyond maxBytes). */
  trim(): void {
    this.#bytesSinceTrim = 0;
    let need = this.capacity;
    let bytes = 0;
    let i = this.#regions.length - 1;
    for (; i >= 0 && need > 0; i--) {
      const region = this.#regions[i] as Region;
      const size = region.end - region.start;
      if (bytes + size > this.maxBytes && bytes > 0) break;
      const { start, count } = lastLines(this.#bytes(region), need, region.lines);
      region.start += start;
      region.lines = count;
      bytes += region.end - region.start;
      need -= count;
    }
    if (i >= 0) this.#regions = this.#regions.slice(i + 1);
  }

  #bytes(region: Region): Buffer {
    return (this.#store as Buffer).subarray(region.start, region.end);
  }

  /** The store, with room for `bytes` more at #used: the kept regions moved or copied. */
  #room(bytes: number): Buffer {
    const store = this.#store;
    if (store && this.#used + bytes <= store.length) return store;
    this.trim();
    const first = this.#regions[0]?.start ?? this.#used;
    const kept = this.#used - first;
    const want = Math.max(MIN_STORE_BYTES, 2 * (kept + bytes));
    // Moved within the store while it is big enough and not more than four times too big.
    const next =
      store && store.length >= kept + bytes && store.length <= 4 * want
        ? store
        : Buffer.allocUnsafeSlow(want);
    if (store) store.copy(next, 0, first, this.#used);
    for (const region of this.#regions) {
      region.start -= first;
      region.end -= first;
    }
    this.#store = next;
    this.#used = kept;
    return next;
  }
}

/**
 * The last `n` lines of several tails merged in arrival order, each with its key, keeping
 * only lines with a seq of at least `firstSeq`.
 */
export function mergeTails<K extends string>(
  tails: ReadonlyArray<readonly [K, LineTail]>,
  n: number,
  firstSeq = 0,
): Array<readonly [TailLine, K]> {
  const tagged = tails
    .flatMap(([key, tail]) => tail.lines(n).map((line) => [line, key] as const))
    .filter(([line]) => line.seq >= firstSeq)
    .sort((x, y) => x[0].seq - y[0].seq);
  return tagged.length > n ? tagged.slice(tagged.length - n) : tagged;
}

function toTailLine(line: string, region: Region): TailLine {
  return { line, time: region.time, seq: region.seq, continued: region.continued };
}

/**
 * Where the last `n` lines of `buf` (whole lines) start, and how many there are (fewer when
 * buf has fewer). `known` is the line count when already known, to skip the scan.
 */
export function lastLines(buf: Buffer, n: number, known = -1): { start: number; count: number } {
  if (known >= 0 && known <= n) return { start: 0, count: known };
  let pos = buf.length - 1;
  let count = 0;
  while (count < n) {
    count++;
    const prev = pos > 0 ? buf.lastIndexOf(NEWLINE, pos - 1) : -1;
    if (prev === -1) return { start: 0, count };
    pos = prev;
  }
  return { start: pos + 1, count };
}
