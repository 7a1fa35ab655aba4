import type { Program } from '../program/program.js';
import { type EventTypeName, isA } from './event-types.js';
import type { ListenerEvent } from './payloads.js';
import { envelope, ListenerProtocol, type ProtocolOutcome } from './protocol.js';

/** An event on its way to listeners: supervisord gives it one global serial. */
export interface SerialEvent extends ListenerEvent {
  readonly serial: number;
}

interface Buffered {
  readonly event: SerialEvent;
  readonly poolSerial: number;
}

export interface PoolHost {
  /** An event was dropped because the buffer was full, or a listener broke the protocol. */
  warn(message: string): void;
}

/**
 * One [eventlistener:x] pool, as supervisord's EventListenerPool: the events it subscribed
 * to wait in a buffer of `bufferSize` (the oldest dropped beyond, with an error) until a
 * member process is RUNNING and READY; each gets one event at a time. A rejected event
 * (RESULT FAIL, a bad result, the listener dying while BUSY) goes back to the buffer's head.
 */
export class ListenerPool {
  readonly #buffer: Buffered[] = [];
  readonly #members = new Map<
    Program,
    { protocol: ListenerProtocol; busy: Buffered | undefined }
  >();
  #serial = -1;

  constructor(
    readonly name: string,
    readonly events: readonly EventTypeName[],
    readonly bufferSize: number,
    readonly host: PoolHost,
  ) {}

  get size(): number {
    return this.#members.size;
  }

  /** Events waiting for a listener. */
  get buffered(): number {
    return this.#buffer.length;
  }

  wants(eventName: string): boolean {
    return this.events.some((t) => isA(eventName as EventTypeName, t));
  }

  join(program: Program): void {
    this.#members.set(program, { protocol: new ListenerProtocol(), busy: undefined });
  }

  leave(program: Program): void {
    this.exited(program);
    this.#members.delete(program);
  }

  /** A new process of a member started: the protocol starts over (ACKNOWLEDGED). */
  spawned(program: Program): void {
    if (this.#members.has(program)) this.exited(program);
  }

  /** A member's process ended: the event it was handling is rebuffered. */
  exited(program: Program): void {
    const m = this.#members.get(program);
    if (!m) return;
    if (m.busy) this.#accept(m.busy, true);
    m.busy = undefined;
    m.protocol = new ListenerProtocol();
  }

  accept(event: SerialEvent): void {
    this.#accept({ event, poolSerial: ++this.#serial }, false);
    this.dispatch();
  }

  /** What a member wrote to stdout. */
  output(program: Program, data: Buffer): void {
    const m = this.#members.get(program);
    if (!m) return;
    for (const outcome of m.protocol.feed(data)) this.#handle(program, m, outcome);
    this.dispatch();
  }

  /** Sends the oldest events to READY, RUNNING members, one each. */
  dispatch(): void {
    while (this.#buffer.length > 0) {
      const target = [...this.#members].find(
        ([p, m]) => p.state === 'RUNNING' && m.protocol.state === 'READY',
      );
      if (!target) return;
      const [program, m] = target;
      const item = this.#buffer.shift() as Buffered;
      m.protocol.sent();
      m.busy = item;
      const { serial, eventName, payload } = item.event;
      const text = envelope({
        serial,
        pool: this.name,
        poolSerial: item.poolSerial,
        eventName,
        payload,
      });
      program.write(text).catch(() => {
        // EPIPE: the listener is going away; its exit rebuffers the event.
      });
    }
  }

  #handle(program: Program, m: { busy: Buffered | undefined }, outcome: ProtocolOutcome): void {
    if (outcome.type === 'ready') return;
    const item = m.busy;
    m.busy = undefined;
    if (outcome.type === 'result') {
      if (outcome.body !== 'OK' && item) this.#accept(item, true);
      return;
    }
    this.host.warn(
      `${program.name}: has entered the UNKNOWN state and will no longer receive events (${outcome.reason}); this usually indicates the process violated the eventlistener protocol`,
    );
    if (outcome.reject && item) this.#accept(item, true);
  }

  #accept(item: Buffered, head: boolean): void {
    if (this.#buffer.length >= this.bufferSize) {
      const dropped = this.#buffer.shift() as Buffered;
      this.host.warn(
        `pool ${this.name} event buffer overflowed, discarding event ${dropped.event.serial}`,
      );
    }
    if (head) this.#buffer.unshift(item);
    else this.#buffer.push(item);
  }
}
