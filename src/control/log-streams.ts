/**
 * Following a program's log: GET /logtail/<name>/<stdout|stderr> as supervisord serves it
 * (plain text, chunked, for `supervisorctl tail -f`), and GET /logs/<name> as Server-Sent
 * Events for the status page. Both read only that program's own lines.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LogLine, LogStream, Program } from '../index.js';
import type { ControlContext } from './context.js';
import { openStream, sendText } from './http.js';
import { resolveProgram } from './names.js';
import { memoryLog } from './rpc-logs.js';
import { keepAlive, type StreamSlots, writeEvent } from './sse.js';

const FIRST_BYTES = 1024;
const PAGE_LINES = 200;

function findProgram(ctx: ControlContext, name: string, res: ServerResponse): Program | undefined {
  try {
    return resolveProgram(ctx.supervisor, name);
  } catch {
    sendText(res, 404, `no such process: ${name}`);
    return undefined;
  }
}

/** Follows lines until the response closes; `first` runs once the subscription is in place. */
async function follow(
  program: Program,
  stream: LogStream | undefined,
  res: ServerResponse,
  first: () => void | Promise<void>,
  each: (line: LogLine) => void,
): Promise<void> {
  const abort = new AbortController();
  res.once('close', () => abort.abort());
  const lines = program.lines({ stream, signal: abort.signal });
  const next = lines.next(); // subscribes before the first bytes are read
  await first();
  for (let r = await next; !r.done; r = await lines.next()) each(r.value);
  if (!res.writableEnded) res.end();
}

/** supervisorctl tail -f: the last 1 KiB, then every new line. */
export async function handleLogtail(
  ctx: ControlContext,
  slots: StreamSlots,
  path: string,
  res: ServerResponse,
): Promise<void> {
  const [name = '', channel = 'stdout'] = path.split('/');
  if (channel !== 'stdout' && channel !== 'stderr') {
    sendText(res, 404, `bad channel ${channel}`);
    return;
  }
  const program = findProgram(ctx, decodeURIComponent(name), res);
  if (!program || !slots.take(res)) return;
  openStream(res, 'text/plain; charset=utf-8');
  await follow(
    program,
    channel,
    res,
    async () => {
      res.write(await lastBytes(program, channel));
    },
    (line) => res.write(line.continued ? line.line : `${line.line}\n`),
  );
}

async function lastBytes(program: Program, stream: LogStream): Promise<string> {
  try {
    return await program.readLog({ stream, offset: -FIRST_BYTES });
  } catch {
    const data = memoryLog(program, stream);
    return data.subarray(Math.max(0, data.length - FIRST_BYTES)).toString('utf8');
  }
}

/** The page's log panel: the last lines kept, then live ones, as SSE `line` events. */
export async function handleLogEvents(
  ctx: ControlContext,
  slots: StreamSlots,
  name: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const program = findProgram(ctx, name, res);
  if (!program || !slots.take(res)) return;
  const query = new URL(req.url ?? '/', 'http://x').searchParams.get('stream');
  const stream = query === 'stdout' || query === 'stderr' ? query : undefined;
  openStream(res, 'text/event-stream; charset=utf-8');
  keepAlive(res);
  const send = (l: LogLine) =>
    writeEvent(res, 'line', { stream: l.stream, line: l.line, time: l.time });
  await follow(program, stream, res, () => program.tail(PAGE_LINES, stream).forEach(send), send);
}

/** supervisorctl maintail -f: the main log's last 1 KiB, then every new line. */
export function handleMainLogtail(
  ctx: ControlContext,
  slots: StreamSlots,
  res: ServerResponse,
): void {
  if (!slots.take(res)) return;
  openStream(res, 'text/plain; charset=utf-8');
  res.write(ctx.mainLog.read(-FIRST_BYTES, 0));
  const off = ctx.mainLog.follow((text) => res.write(text));
  res.once('close', off);
}
