/**
 * Reads one HTTP/1.1 response off a byte stream, for the liveness probe's keep-alive
 * connection: the status, and where the response ends (Content-Length, chunked, or the
 * connection's close), so the next request can reuse the socket. Interim 1xx responses are
 * skipped. Pure: fed chunks, it says when it is done and what is left over.
 */
export interface ParsedResponse {
  readonly status: number;
  /** The start of the body (at most MAX_KEPT bytes), for a failing probe's message. */
  readonly body: string;
  /** The socket can carry the next request. */
  readonly reusable: boolean;
}

const MAX_KEPT = 1024;
/** Searched for as bytes: Buffer#indexOf with a string converts the string at every call. */
const HEAD_END = Buffer.from('\r\n\r\n');
const CRLF = Buffer.from('\r\n');
const MAX_HEAD = 64 * 1024;

/** The status line, at the start of the head. */
const STATUS_LINE = /^HTTP\/1\.([01]) (\d{3})/;
/** The headers the reader acts on (lower case). */
const FRAMING_HEADERS = ['content-length', 'transfer-encoding', 'connection'] as const;
type FramingHeader = (typeof FRAMING_HEADERS)[number];

/**
 * The header between `from` and `colon` in the lower-cased head when it is one of
 * {@link FRAMING_HEADERS} (blanks around the name allowed), else undefined; no string is cut
 * for the others.
 */
function headerName(lower: string, from: number, colon: number): FramingHeader | undefined {
  let start = from;
  let end = colon;
  while (start < end && isBlank(lower.charCodeAt(start))) start++;
  while (end > start && isBlank(lower.charCodeAt(end - 1))) end--;
  for (const name of FRAMING_HEADERS) {
    if (end - start === name.length && lower.startsWith(name, start)) return name;
  }
  return undefined;
}

const isBlank = (c: number) => c === 0x20 || c === 0x09;

type Framing = { kind: 'length'; left: number } | { kind: 'chunked' } | { kind: 'close' };

export class HttpResponseReader {
  #buf: Buffer = Buffer.alloc(0);
  #status = 0;
  #framing: Framing | undefined;
  #keepAlive = true;
  #body = '';

  /**
   * Feeds a chunk; returns the response once complete (`undefined` while more is needed).
   * The chunk may be a borrowed buffer that the caller reuses once push() returns (a socket
   * read into one shared buffer): what is kept for the next push is copied.
   */
  push(chunk: Buffer): ParsedResponse | undefined {
    this.#buf = this.#buf.length ? Buffer.concat([this.#buf, chunk]) : chunk;
    const response = this.#parse();
    if (response === undefined && this.#buf.buffer === chunk.buffer) {
      this.#buf = Buffer.from(this.#buf);
    }
    return response;
  }

  #parse(): ParsedResponse | undefined {
    while (!this.#framing) {
      const end = this.#buf.indexOf(HEAD_END);
      if (end < 0) {
        if (this.#buf.length > MAX_HEAD) throw new Error('response head over 64 KiB');
        return undefined;
      }
      const head = this.#buf.subarray(0, end).toString('latin1');
      this.#buf = this.#buf.subarray(end + 4);
      this.#readHead(head);
    }
    return this.#readBody();
  }

  /** The connection closed: a close-delimited body ends here. */
  end(): ParsedResponse | undefined {
    if (this.#framing?.kind !== 'close') return undefined;
    this.#keep(this.#buf);
    return { status: this.#status, body: this.#body, reusable: false };
  }

  #readHead(head: string): void {
    const match = STATUS_LINE.exec(head);
    if (!match) {
      const eol = head.indexOf('\r\n');
      const first = eol < 0 ? head : head.slice(0, eol);
      throw new Error(`not an HTTP response: ${JSON.stringify(first.slice(0, 40))}`);
    }
    const status = Number(match[2]);
    if (status >= 100 && status < 200) return; // interim: the real response follows
    this.#status = status;
    this.#keepAlive = match[1] === '1';
    let length: number | undefined;
    let chunked = false;
    // One lower-cased copy of the head, and only the three headers that matter are cut out.
    const lower = head.toLowerCase();
    for (let at = lower.indexOf('\r\n'); at >= 0; ) {
      const next = lower.indexOf('\r\n', at + 2);
      const end = next < 0 ? lower.length : next;
      const colon = lower.indexOf(':', at + 2);
      if (colon >= 0 && colon < end) {
        const name = headerName(lower, at + 2, colon);
        if (name !== undefined) {
          const value = lower.slice(colon + 1, end).trim();
          if (name === 'content-length') length = Number(value);
          else if (name === 'transfer-encoding') chunked = value.includes('chunked');
          else
            this.#keepAlive =
              value.includes('keep-alive') || (this.#keepAlive && !value.includes('close'));
        }
      }
      at = next;
    }
    if (chunked) this.#framing = { kind: 'chunked' };
    else if (length !== undefined && Number.isFinite(length))
      this.#framing = { kind: 'length', left: length };
    else if (status === 204 || status === 304) this.#framing = { kind: 'length', left: 0 };
    else this.#framing = { kind: 'close' };
  }

  #readBody(): ParsedResponse | undefined {
    const framing = this.#framing;
    if (!framing || framing.kind === 'close') return undefined;
    if (framing.kind === 'length') {
      const take = Math.min(framing.left, this.#buf.length);
      this.#keep(this.#buf.subarray(0, take));
      framing.left -= take;
      this.#buf = this.#buf.subarray(take);
      return framing.left === 0 ? this.#done() : undefined;
    }
    return this.#readChunks();
  }

  #readChunks(): ParsedResponse | undefined {
    for (;;) {
      const eol = this.#buf.indexOf(CRLF);
      if (eol < 0) return undefined;
      const size = Number.parseInt(this.#buf.subarray(0, eol).toString('latin1'), 16);
      if (!Number.isFinite(size)) throw new Error('bad chunk size');
      if (size === 0) {
        // "0\r\n", trailer lines, "\r\n": the blank line ends it (right away without trailers).
        return this.#buf.indexOf(HEAD_END, eol) < 0 ? undefined : this.#done();
      }
      if (this.#buf.length < eol + 2 + size + 2) return undefined;
      this.#keep(this.#buf.subarray(eol + 2, eol + 2 + size));
      this.#buf = this.#buf.subarray(eol + 2 + size + 2);
    }
  }

  #keep(bytes: Buffer): void {
    if (this.#body.length < MAX_KEPT)
      this.#body += bytes.subarray(0, MAX_KEPT - this.#body.length).toString('utf8');
  }

  #done(): ParsedResponse {
    return { status: this.#status, body: this.#body, reusable: this.#keepAlive };
  }
}
