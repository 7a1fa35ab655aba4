/**
 * Server-Sent Events: the live table of the status page (a snapshot, then one `row` event
 * per state change or sample, `remove` when a program goes), and the slots that bound how
 * many streams are open at once.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ControlContext } from './context.js';
import { openStream, sendText } from './http.js';
import { programRow, programRows } from './rows.js';

/** Counts open streams; refuses past the limit. */
export class StreamSlots {
  #open = 0;
  constructor(readonly limit: number) {}

  /** Takes a slot for this response (503 and false when none is left). */
  take(res: ServerResponse): boolean {
    if (this.#open >= this.limit) {
      sendText(res, 503, `too many open streams (maxEventStreams: ${this.limit})`, {
        'Retry-After': '5',
      });
      return false;
    }
    this.#open++;
    res.once('close', () => this.#open--);
    return true;
  }
}

export function writeEvent(res: ServerResponse, event: string, data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

const KEEPALIVE_MS = 25_000;

/** Sends a comment now and then so proxies keep an idle stream open; stops with the response. */
export function keepAlive(res: ServerResponse): void {
  const timer = setInterval(() => res.write(': keep-alive\n\n'), KEEPALIVE_MS);
  timer.unref();
  res.once('close', () => clearInterval(timer));
}

/** GET /events: the status table, live. */
export function handleEvents(
  ctx: ControlContext,
  slots: StreamSlots,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  if (!slots.take(res)) return;
  openStream(res, 'text/event-stream; charset=utf-8');
  res.write('retry: 2000\n\n');
  const { supervisor } = ctx;
  writeEvent(res, 'snapshot', programRows(supervisor.programs));
  const rowOf = (group: string, name: string) => {
    const program = supervisor.get(`${group}:${name}`);
    if (program) writeEvent(res, 'row', programRow(program));
  };
  const offs = [
    supervisor.on('state', (c) => rowOf(c.group, c.name)),
    supervisor.on('stats', (s) => rowOf(s.group, s.name)),
    supervisor.on('add', (r) => rowOf(r.group, r.name)),
    supervisor.on('remove', (r) => writeEvent(res, 'remove', { id: `${r.group}:${r.name}` })),
  ];
  keepAlive(res);
  const end = () => {
    for (const off of offs.splice(0)) off();
  };
  req.once('close', end);
  res.once('close', end);
}
