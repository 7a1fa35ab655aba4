/** Queued bytes that are written at once; a smaller batch waits for the pipe to go quiet. */
export const COALESCE_BYTES = 256 * 1024;
/** Loop turns a small batch waits at most while more keeps arriving. */
const MAX_TURNS = 8;

/**
 * Decides when a log file's queue is written. Each write goes through libuv's thread pool
 * (a hand-off to a worker thread and back), and a pipe read brings at most 64 KiB, so writing
 * after every read costs a hand-off per 64 KiB. Instead a batch is written at once when
 * COALESCE_BYTES are queued, and otherwise at the first turn of the event loop that brought
 * nothing new (at most MAX_TURNS turns later): a busy stream is written in batches of 256 KiB,
 * a quiet one right after its last read. Event-driven (setImmediate), no timer.
 */
export class WriteCoalescer {
  readonly #write: () => void;
  #arrivals = 0;
  #seen = 0;
  #turns = 0;
  #waiting: NodeJS.Immediate | undefined;

  constructor(write: () => void) {
    this.#write = write;
  }

  /** Bytes were queued. */
  arrived(): void {
    this.#arrivals++;
  }

  /** Writes now if `queued` bytes are enough, else once the stream pauses. */
  request(queued: number): void {
    if (queued >= COALESCE_BYTES) {
      this.cancel();
      this.#write();
      return;
    }
    if (this.#waiting) return;
    this.#seen = this.#arrivals;
    this.#turns = 0;
    this.#waiting = setImmediate(this.#check);
  }

  /** Forgets a pending wait (the queue was written or dropped another way). */
  cancel(): void {
    if (!this.#waiting) return;
    clearImmediate(this.#waiting);
    this.#waiting = undefined;
  }

  readonly #check = () => {
    this.#waiting = undefined;
    if (this.#arrivals !== this.#seen && ++this.#turns < MAX_TURNS) {
      this.#seen = this.#arrivals;
      this.#waiting = setImmediate(this.#check);
      return;
    }
    this.#write();
  };
}
