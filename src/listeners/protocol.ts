/**
 * supervisord's event listener protocol, the listener's side of the pipe
 * (supervisor/dispatchers.py PEventListenerDispatcher): a listener starts ACKNOWLEDGED, says
 * `READY\n` to become READY, is sent one event (BUSY), answers `RESULT <len>\n<body>` and is
 * ACKNOWLEDGED again. Anything else puts it in UNKNOWN, where it gets no more events.
 */

export type ListenerState = 'ACKNOWLEDGED' | 'READY' | 'BUSY' | 'UNKNOWN';

/** What one chunk of listener output led to. */
export type ProtocolOutcome =
  | { readonly type: 'ready' }
  /** The result body: 'OK' accepts the event, anything else rejects it (default_handler). */
  | { readonly type: 'result'; readonly body: string }
  /** A protocol violation: the listener is now UNKNOWN; `reject` when an event was in flight. */
  | { readonly type: 'unknown'; readonly reason: string; readonly reject: boolean };

const READY = Buffer.from('READY\n');
const RESULT_START = 'RESULT '.length;

/** The protocol state of one listener process, fed with what it writes to stdout. */
export class ListenerProtocol {
  #state: ListenerState = 'ACKNOWLEDGED';
  #buffer = Buffer.alloc(0);
  #resultLen: number | undefined;
  #result = Buffer.alloc(0);

  get state(): ListenerState {
    return this.#state;
  }

  /** An event was written to the listener (only when READY). */
  sent(): void {
    this.#state = 'BUSY';
  }

  /** Feeds stdout bytes; returns what they mean, in order. */
  feed(data: Buffer): ProtocolOutcome[] {
    this.#buffer = Buffer.concat([this.#buffer, data]);
    const out: ProtocolOutcome[] = [];
    while (this.#buffer.length > 0) {
      const step = this.#step();
      if (step === 'wait') break;
      if (step) out.push(step);
    }
    return out;
  }

  #step(): ProtocolOutcome | 'wait' | undefined {
    switch (this.#state) {
      case 'UNKNOWN':
        this.#buffer = Buffer.alloc(0);
        return undefined;
      case 'READY':
        return this.#unknown('wrote output while READY', false);
      case 'ACKNOWLEDGED':
        return this.#acknowledged();
      case 'BUSY':
        return this.#busy();
    }
  }

  #acknowledged(): ProtocolOutcome | 'wait' {
    if (this.#buffer.length < READY.length) return 'wait';
    if (!this.#buffer.subarray(0, READY.length).equals(READY)) {
      return this.#unknown('did not start with READY', false);
    }
    this.#buffer = this.#buffer.subarray(READY.length);
    this.#state = 'READY';
    return { type: 'ready' };
  }

  #busy(): ProtocolOutcome | 'wait' | undefined {
    if (this.#resultLen === undefined) {
      const nl = this.#buffer.indexOf(0x0a);
      if (nl === -1) return 'wait';
      const line = this.#buffer.subarray(0, nl).toString('latin1');
      this.#buffer = this.#buffer.subarray(nl + 1);
      const len = line.slice(RESULT_START).trim();
      if (!/^[+-]?\d+$/.test(len)) return this.#unknown(`bad result line: '${line}'`, true);
      this.#resultLen = Number(len);
      this.#result = Buffer.alloc(0);
    }
    const needed = this.#resultLen - this.#result.length;
    if (needed > 0) {
      if (this.#buffer.length === 0) return 'wait';
      this.#result = Buffer.concat([this.#result, this.#buffer.subarray(0, needed)]);
      this.#buffer = this.#buffer.subarray(needed);
      if (this.#result.length < this.#resultLen) return 'wait';
    }
    const body = this.#result.toString('utf8');
    this.#resultLen = undefined;
    this.#result = Buffer.alloc(0);
    this.#state = 'ACKNOWLEDGED';
    return { type: 'result', body };
  }

  #unknown(reason: string, reject: boolean): ProtocolOutcome {
    this.#state = 'UNKNOWN';
    this.#buffer = Buffer.alloc(0);
    return { type: 'unknown', reason, reject };
  }
}

/** The header and payload supervisord writes to a listener for one event. */
export function envelope(e: {
  readonly serial: number;
  readonly pool: string;
  readonly poolSerial: number;
  readonly eventName: string;
  readonly payload: string;
  readonly server?: string;
}): string {
  // len counts characters, as Python's len() of the payload string does.
  const len = [...e.payload].length;
  return (
    `ver:3.0 server:${e.server ?? 'supervisor'} serial:${e.serial} pool:${e.pool} ` +
    `poolserial:${e.poolSerial} eventname:${e.eventName} len:${len}\n${e.payload}`
  );
}
