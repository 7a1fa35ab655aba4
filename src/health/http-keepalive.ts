import { connect, type Socket } from 'node:net';
import { expectedStatus, type HttpTarget, statusMessage } from './http-probe.js';
import { HttpResponseReader } from './http-response.js';
import type { ProbeAttempt, ProbeOutcome } from './probe-attempt.js';

/** The attempt waiting for a response on the connection. */
interface Pending {
  readonly reader: HttpResponseReader;
  readonly resolve: (outcome: ProbeOutcome) => void;
}

/**
 * Where every probe connection's reads land (net's `onread`): the response is parsed before
 * the next read, and the reader copies what it keeps, so no Buffer is made per read and no
 * stream machinery runs ('data' events cost about a third of a probe: the probe-cost bench).
 */
let readBuffer: Buffer | undefined;
const READ_BUFFER_BYTES = 64 * 1024;

/**
 * The liveness probe for http:// URLs: GETs on one kept-alive connection per program, opened
 * again when the server closes it or an attempt fails. An order of magnitude cheaper than
 * fetch (the probe-cost bench: 500 programs probed every second): the socket's listeners and
 * the abort listener are set once, not per attempt. The socket is unref'd, so an idle probe
 * never keeps the host alive; `close()` destroys it.
 */
export class KeepAliveProbe {
  readonly #target: HttpTarget;
  readonly #url: URL;
  readonly #request: Buffer;
  #socket: Socket | undefined;
  #pending: Pending | undefined;
  #signal: AbortSignal | undefined;
  /** The last passing outcome: the same answer again gives the same (frozen) object. */
  #lastOk:
    | { readonly status: number; readonly body: string; readonly outcome: ProbeOutcome }
    | undefined;

  constructor(target: HttpTarget) {
    this.#target = target;
    this.#url = new URL(target.url);
    const { username, password } = this.#url;
    const credentials = `${decodeURIComponent(username)}:${decodeURIComponent(password)}`;
    const auth = username
      ? `Authorization: Basic ${Buffer.from(credentials).toString('base64')}\r\n`
      : '';
    const path = `${this.#url.pathname}${this.#url.search}`;
    const head = `GET ${path} HTTP/1.1\r\nHost: ${this.#url.host}\r\nUser-Agent: overseer-probe\r\nAccept: */*\r\n`;
    this.#request = Buffer.from(`${head}${auth}\r\n`);
  }

  readonly attempt: ProbeAttempt = (signal) => {
    this.#watch(signal);
    const socket = this.#connection();
    return new Promise<ProbeOutcome>((resolve) => {
      this.#pending = { reader: new HttpResponseReader(), resolve };
      socket.write(this.#request);
    });
  };

  close(): void {
    this.#drop();
  }

  /** One abort listener per signal (the monitor keeps its signal across attempts). */
  #watch(signal: AbortSignal): void {
    if (signal === this.#signal) return;
    this.#signal = signal;
    signal.addEventListener('abort', () => this.#settle({ ok: false, message: 'aborted' }, false), {
      once: true,
    });
  }

  #settle(outcome: ProbeOutcome, keep: boolean): void {
    const pending = this.#pending;
    this.#pending = undefined;
    if (!keep) this.#drop();
    pending?.resolve(outcome);
  }

  #fail(why: string): void {
    this.#settle({ ok: false, message: `GET ${this.#target.url} failed: ${why}` }, false);
  }

  #onData(chunk: Buffer): void {
    const pending = this.#pending;
    if (!pending) return;
    try {
      const response = pending.reader.push(chunk);
      if (response) this.#settle(this.#judge(response.status, response.body), response.reusable);
    } catch (error) {
      this.#fail((error as Error).message);
    }
  }

  #onClose(): void {
    const response = this.#pending?.reader.end();
    if (response) this.#settle(this.#judge(response.status, response.body), false);
    else if (this.#pending) this.#fail('the connection closed');
  }

  #judge(status: number, body: string): ProbeOutcome {
    const { url } = this.#target;
    if (expectedStatus(this.#target, status)) {
      const last = this.#lastOk;
      if (last && last.status === status && last.body === body) return last.outcome;
      const found = Object.freeze({ status, url, body });
      const outcome = Object.freeze({ ok: true, message: `HTTP ${status} from ${url}`, found });
      this.#lastOk = { status, body, outcome };
      return outcome;
    }
    return { ok: false, message: statusMessage(this.#target, status, body) };
  }

  #connection(): Socket {
    if (this.#socket && !this.#socket.destroyed) return this.#socket;
    const port = Number(this.#url.port || 80);
    const host = this.#url.hostname.replace(/^\[|\]$/g, '');
    readBuffer ??= Buffer.allocUnsafe(READ_BUFFER_BYTES);
    const socket: Socket = connect({
      port,
      host,
      noDelay: true,
      onread: {
        buffer: readBuffer,
        callback: (bytes: number, buffer: Uint8Array): boolean => {
          if (this.#socket === socket) this.#onData((buffer as Buffer).subarray(0, bytes));
          return true;
        },
      },
    });
    socket.unref();
    socket.once('close', () => {
      if (this.#socket === socket) this.#onClose();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (this.#socket === socket) this.#fail(error.code ?? error.message);
    });
    this.#socket = socket;
    return socket;
  }

  #drop(): void {
    const socket = this.#socket;
    this.#socket = undefined;
    socket?.destroy();
  }
}
