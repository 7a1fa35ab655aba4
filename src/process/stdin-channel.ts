import { closeSync } from 'node:fs';
import { Socket } from 'node:net';
import { ownSocketPair } from './output-pipes.js';

/** What a run's stdin offers: Node's Writable has it, and so has {@link StdinChannel}. */
export interface StdinLike {
  /** Closed: by us (the run ended) or after an error. */
  readonly destroyed: boolean;
  readonly writableEnded: boolean;
  /** Hands `data` to the OS; `callback` gets the error (EPIPE: the child closed its end). */
  write(data: string | Uint8Array, callback: (error?: Error | null) => void): boolean;
  destroy(): void;
}

/**
 * A child's stdin as a socket pair of our own (what Node makes for stdio 'pipe', so the child
 * sees the same kind of fd): the host keeps its end as a bare fd and makes the stream for it
 * at the first write(). Most programs are never written to, and Node's own stdin is a Socket
 * with both stream states (about 0.7 KiB of heap per program) and a handle to close at every
 * stop.
 */
export class StdinChannel implements StdinLike {
  #fd: number;
  #socket: Socket | undefined;

  constructor(fd: number) {
    this.#fd = fd;
  }

  get destroyed(): boolean {
    return this.#socket ? this.#socket.destroyed : this.#fd < 0;
  }

  get writableEnded(): boolean {
    return this.#socket?.writableEnded ?? false;
  }

  write(data: string | Uint8Array, callback: (error?: Error | null) => void): boolean {
    if (!this.#socket && this.#fd < 0) {
      queueMicrotask(() => callback(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })));
      return false;
    }
    this.#socket ??= this.#open();
    return this.#socket.write(data, callback);
  }

  destroy(): void {
    if (this.#socket) this.#socket.destroy();
    else if (this.#fd >= 0) closeSync(this.#fd);
    this.#fd = -1;
  }

  #open(): Socket {
    // The socket owns the fd from now on.
    const socket = new Socket({ fd: this.#fd, readable: false, writable: true });
    // A child that closed its end gives EPIPE to the write's callback; nothing must throw.
    socket.on('error', ignore);
    return socket;
  }
}

function ignore(): void {}

/** The two ends of a stdin channel: the child's for spawn's stdio, the host's. */
export interface StdinFds {
  /** For spawn's stdio[0]: the child's end, or 'pipe' (Node's own) without the addon. */
  readonly stdio: number | 'pipe';
  /** After the spawn: the host's end, the child's copy closed. */
  spawned(): StdinChannel | undefined;
  /** After a failed spawn: both ends closed. */
  close(): void;
}

/** A channel for a child's stdin, or Node's own (stdio 'pipe') without the addon's socketPair(). */
export function stdinChannel(): StdinFds {
  const fds = ownSocketPair();
  if (!fds) return { stdio: 'pipe', spawned: () => undefined, close: () => {} };
  const [host, child] = fds;
  return {
    stdio: child,
    spawned: () => {
      closeSync(child);
      return new StdinChannel(host);
    },
    close: () => {
      closeSync(child);
      closeSync(host);
    },
  };
}
