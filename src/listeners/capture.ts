/**
 * supervisord's capture mode for one stream of one process run, byte for byte
 * (dispatchers.py POutputDispatcher.record_output): output between
 * `<!--XSUPERVISOR:BEGIN-->` and `<!--XSUPERVISOR:END-->` is collected (the last `maxBytes`
 * of it, like its BoundIO) and becomes one PROCESS_COMMUNICATION event; the rest is
 * ordinary output. While too little is buffered to tell, it waits, as there.
 */
export const BEGIN_TOKEN = Buffer.from('<!--XSUPERVISOR:BEGIN-->');
export const END_TOKEN = Buffer.from('<!--XSUPERVISOR:END-->');

/** What one chunk of output became. */
export interface CaptureOutput {
  /** Every piece supervisord would log (PROCESS_LOG events); `captured` ones skip the file. */
  readonly pieces: { readonly data: Buffer; readonly captured: boolean }[];
  /** Completed captures (PROCESS_COMMUNICATION events). */
  readonly communications: Buffer[];
}

/** How many bytes at the end of `haystack` begin `needle` (asynchat's find_prefix_at_end). */
function prefixAtEnd(haystack: Buffer, needle: Buffer): number {
  let l = needle.length - 1;
  while (l > 0 && !haystack.subarray(haystack.length - l).equals(needle.subarray(0, l))) l--;
  return l;
}

export class CaptureMode {
  #buffer = Buffer.alloc(0);
  #capturing = false;
  #captured = Buffer.alloc(0);

  constructor(readonly maxBytes: number) {}

  feed(chunk: Buffer): CaptureOutput {
    const out: CaptureOutput = { pieces: [], communications: [] };
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    this.#record(out);
    return out;
  }

  /** The process's pipe ended: what is held back is ordinary output (or captured). */
  end(): CaptureOutput {
    const out: CaptureOutput = { pieces: [], communications: [] };
    this.#log(out, this.#buffer);
    this.#buffer = Buffer.alloc(0);
    return out;
  }

  #record(out: CaptureOutput): void {
    for (;;) {
      const token = this.#capturing ? END_TOKEN : BEGIN_TOKEN;
      if (this.#buffer.length <= token.length) return;
      const data = this.#buffer;
      this.#buffer = Buffer.alloc(0);
      const at = data.indexOf(token);
      if (at === -1) {
        const keep = prefixAtEnd(data, token);
        this.#buffer = Buffer.from(data.subarray(data.length - keep));
        this.#log(out, data.subarray(0, data.length - keep));
        return;
      }
      this.#log(out, data.subarray(0, at));
      this.#toggle(out);
      this.#buffer = Buffer.from(data.subarray(at + token.length));
      if (this.#buffer.length === 0) return;
    }
  }

  #log(out: CaptureOutput, data: Buffer): void {
    if (data.length === 0) return;
    out.pieces.push({ data: Buffer.from(data), captured: this.#capturing });
    if (!this.#capturing) return;
    const all = Buffer.concat([this.#captured, data]);
    this.#captured = all.length > this.maxBytes ? all.subarray(all.length - this.maxBytes) : all;
  }

  #toggle(out: CaptureOutput): void {
    this.#capturing = !this.#capturing;
    if (this.#capturing) return;
    out.communications.push(this.#captured);
    this.#captured = Buffer.alloc(0);
  }
}
