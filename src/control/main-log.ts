/**
 * supervisord's main log, in memory: one line per spawn, state change and exit, worded as
 * supervisord words them, for `readLog` / `maintail` / `clearLog`. Keeps the last
 * `capacity` bytes; offsets count every byte ever written, like a file's.
 */
import type { ExitEvent, SpawnInfo, StateChange } from '../index.js';

export class MainLog {
  readonly #capacity: number;
  /** The kept lines, oldest first, from #first on (the ones before it were dropped). */
  #lines: Buffer[] = [];
  #first = 0;
  /** Bytes kept (the sum of #lines from #first). */
  #kept = 0;
  /** Absolute offset of the first kept byte. */
  #start = 0;
  readonly #followers = new Set<(text: string) => void>();

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  /** Bytes ever written (the offset of the next byte). */
  get size(): number {
    return this.#start + this.#kept;
  }

  /** Appends one line: a stop of thousands of programs writes thousands, none copies the rest. */
  write(level: 'INFO' | 'WARN' | 'CRIT', message: string, time = Date.now()): void {
    const line = `${stamp(time)} ${level} ${message}\n`;
    const bytes = Buffer.from(line);
    this.#lines.push(bytes);
    this.#kept += bytes.length;
    this.#trim();
    for (const follow of this.#followers) follow(line);
  }

  /** Drops the oldest bytes over the capacity (a line cut at the front, as a file's tail). */
  #trim(): void {
    while (this.#kept > this.#capacity) {
      const oldest = this.#lines[this.#first] as Buffer;
      const drop = Math.min(oldest.length, this.#kept - this.#capacity);
      if (drop === oldest.length) this.#lines[this.#first++] = EMPTY;
      else this.#lines[this.#first] = oldest.subarray(drop);
      this.#kept -= drop;
      this.#start += drop;
    }
    if (this.#first > 1024 && this.#first * 2 > this.#lines.length) {
      this.#lines = this.#lines.slice(this.#first);
      this.#first = 0;
    }
  }

  /** supervisord's readFile over what is kept: negative offset = the last bytes. */
  read(offset: number, length: number): string {
    if ((offset < 0 && length !== 0) || length < 0) throw new Error('BAD_ARGUMENTS');
    const end = this.size;
    const from = offset < 0 ? Math.max(0, end + offset) : offset;
    const to = length === 0 || offset < 0 ? end : Math.min(end, from + length);
    const a = Math.max(0, from - this.#start);
    const b = Math.max(a, to - this.#start);
    return Buffer.concat(this.#lines.slice(this.#first)).subarray(a, b).toString('utf8');
  }

  clear(): void {
    this.#start = 0;
    this.#lines = [];
    this.#first = 0;
    this.#kept = 0;
  }

  /** Calls `fn` with every line written from now on; returns the unsubscribe. */
  follow(fn: (text: string) => void): () => void {
    this.#followers.add(fn);
    return () => this.#followers.delete(fn);
  }
}

const EMPTY = Buffer.alloc(0);

/** The stamp up to the second, kept for the lines of the same second. */
let stampSecond = Number.NaN;
let stampPrefix = '';

/** "2026-12-01 09:45:00,123", local time, as supervisord's logger. */
function stamp(time: number): string {
  const second = Math.floor(time / 1000);
  if (second !== stampSecond) {
    const d = new Date(time);
    stampSecond = second;
    stampPrefix =
      `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
      `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  }
  return `${stampPrefix},${pad(Math.floor(time) - second * 1000, 3)}`;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The main-log line for a spawn. */
export function spawnLine(info: SpawnInfo): string {
  return `spawned: '${info.name}' with pid ${info.pid}`;
}

/** The main-log line for an exit, as supervisord's "exited: x (exit status 1; not expected)". */
export function exitLine(exit: ExitEvent): string {
  const how = exit.signal ? `terminated by ${exit.signal}` : `exit status ${exit.code}`;
  if (exit.cause === 'stop-requested') return `stopped: ${exit.name} (${how})`;
  return `exited: ${exit.name} (${how}; ${exit.expected ? 'expected' : 'not expected'})`;
}

/** The main-log line for a state change, when supervisord writes one. */
export function stateLine(change: StateChange): string | undefined {
  if (change.to === 'RUNNING') return `success: ${change.name} entered RUNNING state`;
  if (change.to === 'STOPPING') return `waiting for ${change.name} to stop`;
  if (change.to === 'FATAL') {
    return `gave up: ${change.name} entered FATAL state, ${change.reason ?? 'too many start retries too quickly'}`;
  }
  if (change.to === 'BACKOFF' && change.spawnError) return `spawnerr: ${change.spawnError}`;
  return undefined;
}
