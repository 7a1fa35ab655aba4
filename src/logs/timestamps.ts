const NEWLINE = 0x0a;

/** `2024-05-01T12:00:00.000Z ` for a time: the prefix of each line in a file. */
export function timestampPrefix(time: number): Buffer {
  return Buffer.from(`${new Date(time).toISOString()} `, 'latin1');
}

/** Copies a region of whole lines with `prefix` before every line, in one allocation. */
export function stampLines(region: Buffer, prefix: Buffer): Buffer {
  let lines = 0;
  for (let i = region.indexOf(NEWLINE); i !== -1; i = region.indexOf(NEWLINE, i + 1)) lines++;
  const out = Buffer.allocUnsafe(region.length + lines * prefix.length);
  let from = 0;
  let to = 0;
  while (from < region.length) {
    const nl = region.indexOf(NEWLINE, from);
    const end = nl === -1 ? region.length : nl + 1;
    to += prefix.copy(out, to);
    to += region.copy(out, to, from, end);
    from = end;
  }
  return out.subarray(0, to);
}

/** Caches the prefix of the last time seen: regions read in the same millisecond share it. */
export class TimestampCache {
  #time = Number.NaN;
  #prefix: Buffer = Buffer.alloc(0);

  prefix(time: number): Buffer {
    if (time !== this.#time) {
      this.#time = time;
      this.#prefix = timestampPrefix(time);
    }
    return this.#prefix;
  }
}
