/**
 * supervisord's main log, in memory: one line per spawn, state change and exit, worded as
 * supervisord words them, for `readLog` / `maintail` / `clearLog`. Keeps the last
 * `capacity` bytes; offsets count every byte ever written, like a file's.
 */
import type { ExitEvent, SpawnInfo, StateChange } from '../index.js';

export class MainLog {
  readonly #capacity: number;
  #data = Buffer.alloc(0);
  /** Absolute offset of #data[0]. */
  #start = 0;
  readonly #followers = new Set<(text: string) => void>();

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  /** Bytes ever written (the offset of the next byte). */
  get size(): number {
    return this.#start + this.#data.length;
  }

  write(level: 'INFO' | 'WARN' | 'CRIT', message: string, time = Date.now()): void {
    const line = `${stamp(time)} ${level} ${message}\n`;
    let data = Buffer.concat([this.#data, Buffer.from(line)]);
    if (data.length > this.#capacity) {
      const drop = data.length - this.#capacity;
      data = data.subarray(drop);
      this.#start += drop;
    }
    this.#data = data;
    for (const follow of this.#followers) follow(line);
  }

  /** supervisord's readFile over what is kept: negative offset = the last bytes. */
  read(offset: number, length: number): string {
    if ((offset < 0 && length !== 0) || length < 0) throw new Error('BAD_ARGUMENTS');
    const end = this.size;
    const from = offset < 0 ? Math.max(0, end + offset) : offset;
    const to = length === 0 || offset < 0 ? end : Math.min(end, from + length);
    const a = Math.max(0, from - this.#start);
    const b = Math.max(a, to - this.#start);
    return this.#data.subarray(a, b).toString('utf8');
  }

  clear(): void {
    this.#start = 0;
    this.#data = Buffer.alloc(0);
  }

  /** Calls `fn` with every line written from now on; returns the unsubscribe. */
  follow(fn: (text: string) => void): () => void {
    this.#followers.add(fn);
    return () => this.#followers.delete(fn);
  }
}

/** "2026-12-01 09:45:00,123", local time, as supervisord's logger. */
function stamp(time: number): string {
  const d = new Date(time);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return (
    `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ` +
    `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())},${p(d.getMilliseconds(), 3)}`
  );
}

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
