import { closeSync } from 'node:fs';
import { Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { nativeAddon } from './native.js';

/** One read takes at most this much: the buffer every output pipe of the host reads into. */
const READ_BYTES = 256 * 1024;
/**
 * How much a child may write to its stdout or stderr before the host reads (SO_SNDBUF of the
 * child's end, which Linux doubles for its overhead and caps at twice net.core.wmem_max):
 * about 540 KiB instead of the default ~215 KiB, so a host that falls behind a busy child
 * catches up in whole reads of READ_BYTES instead of ~150 KiB, and the child blocks less
 * often. Kernel memory, taken only while output is unread (at most that much per stream).
 */
const CHILD_SEND_BYTES = 256 * 1024;

/**
 * Receives what one read brought: valid only during the call (copy what is kept). An object
 * with a method, not a function: the capture hands its line splitter itself (no closure).
 */
export interface ChunkSink {
  push(chunk: Buffer): void;
}

/**
 * The buffer every output pipe reads into. One is enough: a read's callback runs to its end
 * on the main thread before the next read, and whoever keeps bytes copies them out.
 */
let shared: Buffer | undefined;
const readBuffer = () => {
  shared ??= Buffer.allocUnsafeSlow(READ_BYTES);
  return shared;
};

/**
 * A child's stdout or stderr as a channel of our own (socketpair() from the native addon:
 * what libuv makes for stdio 'pipe', so the child sees the same), read with net.Socket's
 * `onread`: libuv reads into one reused buffer instead of a new Buffer per read. A Buffer
 * per 64 KiB read was the main cost of a program that prints a lot: the bytes of those
 * short-lived Buffers made V8 run a full mark-compact every few MiB.
 * The log capture takes the bytes through {@link takeChunks} (no copy unless it keeps
 * them); anyone else listening for 'data' (a liveness silence watch, an output tap) gets
 * each read as a Buffer of its own, so the socket stays an ordinary Readable for them.
 */
class OutputPipe {
  readonly socket: Socket;
  #sink: ChunkSink | undefined;
  /** Reads that came before anyone took the bytes (copies; the pipe is paused meanwhile). */
  #early: Buffer[] | undefined;

  constructor(fd: number) {
    // Reading starts at once, as Node's own stdio pipes do (created before the spawn, so the
    // pipes are polled before the fd 3 channel Node makes: lines printed before a message on
    // the channel are read before it).
    this.socket = new Socket({
      fd,
      readable: true,
      writable: false,
      onread: {
        buffer: readBuffer,
        callback: (n: number, buf: Uint8Array) => this.#read(n, buf as Buffer),
      },
    } as ConstructorParameters<typeof Socket>[0]);
  }

  take(sink: ChunkSink): void {
    this.#sink = sink;
    const early = this.#early;
    this.#early = undefined;
    if (!early) return;
    for (const chunk of early) sink.push(chunk);
    this.socket.resume();
  }

  #read(bytes: number, buf: Buffer): void {
    const chunk = buf.subarray(0, bytes);
    const listened = this.socket.listenerCount('data') > 0;
    if (listened) this.socket.emit('data', Buffer.from(chunk));
    if (this.#sink) this.#sink.push(chunk);
    else if (!listened) {
      this.#early ??= [];
      this.#early.push(Buffer.from(chunk));
      this.socket.pause();
    }
  }
}

const byReadable = new WeakMap<Readable, OutputPipe>();

/** Output pipes of one spawn: the write ends go to the child, the read ends stay here. */
export interface OutputFds {
  /** What spawn's stdio gets for fd 1 and fd 2 ('pipe': Node's own, without the addon). */
  readonly stdio: readonly [number | 'pipe', number | 'pipe'];
  /** The read ends (null where Node makes the pipe), being read from now on. */
  readonly readables: readonly [Readable | null, Readable | null];
  /** After the spawn: closes the write ends (the child has its copies). */
  spawned(): void;
  /** After a failed spawn: closes everything. */
  close(): void;
}

/** Two channels for a child's stdout and stderr, or Node's own when the addon has none. */
export function outputPipes(): OutputFds {
  const [out, err] = [ownSocketPair(CHILD_SEND_BYTES), ownSocketPair(CHILD_SEND_BYTES)];
  const writeEnds = [out?.[1], err?.[1]].filter((fd) => fd !== undefined);
  const readables = [out ? reader(out[0]) : null, err ? reader(err[0]) : null] as const;
  const closeWriteEnds = () => {
    for (const fd of writeEnds.splice(0)) closeSync(fd);
  };
  return {
    stdio: [out ? out[1] : 'pipe', err ? err[1] : 'pipe'],
    readables,
    spawned: closeWriteEnds,
    close: () => {
      closeWriteEnds();
      for (const readable of readables) readable?.destroy();
    },
  };
}

/**
 * A socket pair from the addon ([host end, child end]); undefined without it or when refused.
 * `childSendBytes`: the child end's send buffer (the default when not given).
 */
export function ownSocketPair(childSendBytes?: number): [number, number] | undefined {
  const addon = nativeAddon();
  if (typeof addon?.socketPair !== 'function') return undefined;
  return addon.socketPair(childSendBytes) ?? undefined;
}

/** The read end as a socket (which owns the fd from now on). */
function reader(fd: number): Readable {
  const pipe = new OutputPipe(fd);
  byReadable.set(pipe.socket, pipe);
  return pipe.socket;
}

/**
 * Takes the bytes of an output pipe straight from its reads, each only for the call (the
 * capture copies what it keeps). False when `readable` is not one of ours (Node's pipe, an
 * output tap's stream): then read it through 'data'.
 */
export function takeChunks(readable: Readable, sink: ChunkSink): boolean {
  const pipe = byReadable.get(readable);
  if (!pipe) return false;
  pipe.take(sink);
  return true;
}
