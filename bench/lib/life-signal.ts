/**
 * A FIFO that fixtures write their pid to as their first act ("first sign of life"). The
 * harness holds it open read-write (so writers never block and it never sees EOF) and
 * timestamps each line on arrival. Peer-neutral: every peer's child writes to the same kind of
 * FIFO, and the harness reads it the same way whoever spawned the child.
 */
import { execFileSync } from 'node:child_process';
import { constants, openSync } from 'node:fs';
import net from 'node:net';
import { performance } from 'node:perf_hooks';

export interface Life {
  readonly pid: number;
  /** performance.now() when the line arrived. */
  readonly at: number;
}

export class LifeSignal {
  private readonly socket: net.Socket;
  private buffered = '';
  private readonly waiters: ((life: Life) => void)[] = [];
  /** Lines that arrived while nobody waited. */
  readonly backlog: Life[] = [];

  constructor(readonly path: string) {
    execFileSync('mkfifo', ['-m', '600', path]);
    const fd = openSync(path, constants.O_RDWR | constants.O_NONBLOCK);
    this.socket = new net.Socket({ fd, readable: true, writable: false });
    this.socket.setEncoding('latin1');
    this.socket.on('data', (chunk: string) => this.onData(chunk));
  }

  private onData(chunk: string): void {
    const at = performance.now();
    this.buffered += chunk;
    let nl = this.buffered.indexOf('\n');
    while (nl >= 0) {
      const pid = Number.parseInt(this.buffered.slice(0, nl), 10);
      this.buffered = this.buffered.slice(nl + 1);
      nl = this.buffered.indexOf('\n');
      if (!Number.isFinite(pid)) continue;
      const life = { pid, at };
      const waiter = this.waiters.shift();
      if (waiter) waiter(life);
      else this.backlog.push(life);
    }
  }

  /** The next life signal (from the backlog first), or a rejection after timeoutMs. */
  next(timeoutMs = 10_000): Promise<Life> {
    const queued = this.backlog.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const i = this.waiters.indexOf(done);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(new Error(`no life signal on ${this.path} within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = (life: Life) => {
        clearTimeout(timer);
        resolve(life);
      };
      this.waiters.push(done);
    });
  }

  /** Forget every signal received so far. */
  drain(): void {
    this.backlog.length = 0;
  }

  close(): void {
    this.socket.destroy();
  }
}
