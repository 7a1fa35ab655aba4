/** `2024-05-01T12:00:00.000Z ` for a time: the prefix of each line in a file. */
export function timestampPrefix(time: number): string {
  return `${new Date(time).toISOString()} `;
}

/**
 * Copies a region of whole lines with `prefix` (ASCII) before every line. Done on latin1
 * strings (a lossless byte-to-char mapping, so any UTF-8 passes through untouched), whose
 * replaceAll is about twice as fast as copying line by line into a Buffer.
 */
export function stampLines(region: Buffer, prefix: string): Buffer {
  const body = region.toString('latin1', 0, region.length - 1);
  return Buffer.from(`${prefix}${body.replaceAll('\n', `\n${prefix}`)}\n`, 'latin1');
}

/** Caches the prefix of the last time seen: regions read in the same millisecond share it. */
export class TimestampCache {
  #time = Number.NaN;
  #prefix = '';

  prefix(time: number): string {
    if (time !== this.#time) {
      this.#time = time;
      this.#prefix = timestampPrefix(time);
    }
    return this.#prefix;
  }
}
