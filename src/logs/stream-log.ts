import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import type { Clock } from '../clock.js';
import { FailureEpisode, LOG_RETRY_MS } from './failure-episode.js';
import { endStream } from './file-helpers.js';
import { LOG_FILE_MODE } from './log-file.js';
import type { PauseGate } from './pause-gate.js';

export interface StreamLogOptions {
  /** The path as configured, for messages and info(). */
  readonly file: string;
  readonly program: string;
  readonly clock: Clock;
  /** Paused while the stream does not take more. */
  readonly gate: PauseGate;
  readonly onError: (error: Error) => void;
  /** Opens the stream; by default the path, for appending. */
  readonly open?: () => Writable;
  /** Ended by close() (true), or someone else's, like the host's stdout (false). */
  readonly owned: boolean;
  /** After a failure of an owned stream, open it again at the first write this late. @default 1000 */
  readonly retryMs?: number;
}

/**
 * A log target that is a stream, not a file to rotate: the host's stdout or stderr (a program
 * in a container logging where the container's runtime collects), a FIFO, a character
 * device. Each region of whole lines is one write, in order, so lines of the programs sharing
 * the stream never mix inside a line. While the stream buffers, the gate pauses the pipes
 * (nothing is dropped); on a failure, one error per episode, and lines are dropped for the
 * stream until it takes writes again.
 */
export class StreamLog {
  readonly #o: StreamLogOptions;
  #stream: Writable | undefined;
  #unfinished = 0;
  /** Set while the pipes are paused waiting for 'drain': removes that wait. */
  #stopWaiting: (() => void) | undefined;
  #unlisten: () => void = () => {};
  #idle: (() => void)[] = [];

  readonly #failures: FailureEpisode;

  constructor(options: StreamLogOptions) {
    this.#o = options;
    this.#failures = new FailureEpisode(options, options.retryMs ?? LOG_RETRY_MS);
  }

  get file(): string {
    return this.#o.file;
  }

  get isFile(): boolean {
    return false;
  }

  write(region: Buffer): void {
    const stream = this.#open();
    if (!stream) return;
    this.#unfinished++;
    // A copy: the region may be a view of a read buffer that is reused (see output-pipes.ts).
    const more = stream.write(Buffer.from(region), (error) => this.#written(stream, error));
    if (!more && this.#stream === stream) this.#block();
  }

  /** Pauses the pipes until the stream drains. */
  #block(): void {
    if (this.#stopWaiting) return;
    this.#o.gate.block(this);
    this.#stopWaiting = listen(this.#stream as Writable, 'drain', () => this.#unblock());
  }

  /** The stream drained or failed: resume the pipes, forget the wait. */
  #unblock(): void {
    this.#stopWaiting?.();
    this.#stopWaiting = undefined;
    this.#o.gate.unblock(this);
  }

  flush(): Promise<void> {
    if (this.#unfinished === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  async close(): Promise<void> {
    await this.flush();
    const stream = this.#stream;
    this.#stream = undefined;
    this.#unlisten();
    if (stream && this.#o.owned) await endStream(stream);
  }

  #open(): Writable | undefined {
    if (this.#stream) return this.#stream;
    const { owned } = this.#o;
    if (this.#failures.failed && (!owned || !this.#failures.mayRetry)) return;
    let stream: Writable;
    try {
      stream =
        this.#o.open?.() ?? createWriteStream(this.#o.file, { flags: 'a', mode: LOG_FILE_MODE });
    } catch (error) {
      this.#failures.fail('could not be opened', error);
      return;
    }
    this.#unlisten = listen(stream, 'error', (error) => this.#fail(stream, error as Error));
    this.#stream = stream;
    this.#failures.opened();
    return stream;
  }

  #written(stream: Writable, error: Error | null | undefined): void {
    if (error) this.#fail(stream, error);
    else if (stream === this.#stream) this.#failures.succeeded();
    if (--this.#unfinished > 0) return;
    const waiters = this.#idle;
    this.#idle = [];
    for (const resolve of waiters) resolve();
  }

  #fail(stream: Writable, error: Error): void {
    if (stream !== this.#stream) return;
    this.#stream = undefined;
    this.#unlisten();
    this.#unblock();
    if (this.#o.owned) stream.destroy();
    this.#failures.fail('could not be written', error);
  }
}

type Handler = (value?: unknown) => void;
interface FanOut {
  readonly handlers: Set<Handler>;
  readonly listener: Handler;
}
const shared = new WeakMap<Writable, Map<string, FanOut>>();

/**
 * Adds `handler` for `event` through one listener per stream and event, however many
 * programs write to the stream (the host's stdout is shared by all); the listener goes when
 * its last handler does. Returns the removal.
 */
function listen(stream: Writable, event: 'drain' | 'error', handler: Handler): () => void {
  const events = shared.get(stream) ?? new Map<string, FanOut>();
  shared.set(stream, events);
  let fan = events.get(event);
  if (!fan) {
    const handlers = new Set<Handler>();
    const listener = (value?: unknown) => {
      for (const h of [...handlers]) h(value);
    };
    fan = { handlers, listener };
    events.set(event, fan);
    stream.on(event, fan.listener);
  }
  const { handlers, listener } = fan;
  handlers.add(handler);
  return () => {
    if (!handlers.delete(handler) || handlers.size > 0) return;
    events.delete(event);
    stream.off(event, listener);
  };
}
