import { closeSync, stat, unlink } from 'node:fs';
import { createStream, type RotatingFileStream } from 'rotating-file-stream';
import { LogWriteError } from './errors.js';
import { FailureEpisode } from './failure-episode.js';
import { endStream, lastByte, retire, retiredName, sizeOf } from './file-helpers.js';
import { sharedStamper } from './line-stamper.js';
import { type LogFileOptions, withDefaults } from './log-file-options.js';
import { rotatedName } from './log-paths.js';
import { type HeldFile, openNoFollow, streamIsOurs, UnsafeLogFileError } from './no-follow.js';
import { WriteCoalescer } from './write-coalescer.js';
import { WriteQueue } from './write-queue.js';

const NEWLINE = 0x0a;

export type { LogFileOptions } from './log-file-options.js';

/** Log files are created with this mode (the umask can make it stricter). */
export const LOG_FILE_MODE = 0o640;

/**
 * One rotating log file (rotating-file-stream underneath, supervisord's naming). Writes are
 * batched: one write is in progress at a time and whatever arrives meanwhile is copied into
 * the next one (write-queue.ts), so the cost per write is paid per batch. Every write holds
 * whole lines, and rotating-file-stream rotates only between writes, so a line is never split
 * between two files; a batch that would cross `maxBytes` is cut just after the line that
 * crosses it, so a file ends up at most one line over `maxBytes`.
 */
export class LogFile {
  readonly #o: Required<LogFileOptions>;
  #stream: RotatingFileStream | undefined;
  #inFlight: RotatingFileStream | undefined;
  /** What is queued, copied in at write(): made at the first write. */
  #queue: WriteQueue | undefined;
  /** Bytes in the current file as far as we know (decides where a batch is cut). */
  #fileBytes = 0;
  /** Inode of the open file, -1 while unknown (opening, rotating). */
  #ino = -1;
  #generation = 0;
  #lastCheck = 0;
  #idle: (() => void)[] | undefined;
  /** Streams seen to have opened our own file (noFollow). */
  #verified: WeakSet<RotatingFileStream> | undefined;
  /** When the queue is written (made at the first write). */
  #coalescer: WriteCoalescer | undefined;
  /** Made at the first failure: a healthy file has none to count. */
  #failures: FailureEpisode | undefined;

  constructor(options: LogFileOptions) {
    this.#o = withDefaults(options);
  }

  get file(): string {
    return this.#o.file;
  }

  get isFile(): boolean {
    return true;
  }

  /** Queues a region of whole lines. Blocks the gate while too much is queued. */
  write(region: Buffer): void {
    this.#queued().append(region);
    this.#wrote();
  }

  /** Queues `region` (whole lines) with `prefix` (latin1 text of its bytes) before every line. */
  writeStamped(region: Buffer, prefix: string): void {
    sharedStamper().stampInto(this.#queued(), region, prefix);
    this.#wrote();
  }

  get #pendingBytes(): number {
    return this.#queue?.length ?? 0;
  }
  #queued(): WriteQueue {
    this.#queue ??= new WriteQueue();
    return this.#queue;
  }
  #wrote(): void {
    if (this.#pendingBytes >= this.#o.highWaterBytes) this.#o.gate.block(this);
    this.#checkLost();
    const coalescer = this.#coalesced();
    coalescer.arrived();
    if (!this.#inFlight) coalescer.request(this.#pendingBytes);
  }

  #coalesced(): WriteCoalescer {
    this.#coalescer ??= new WriteCoalescer(() => this.#pump());
    return this.#coalescer;
  }

  /** Resolves when everything queued so far is written (or dropped after a failure). */
  flush(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => {
      this.#idle ??= [];
      this.#idle.push(resolve);
    });
  }

  /** Writes what is queued and closes the file. A later write opens it again. */
  async close(): Promise<void> {
    await this.flush();
    const stream = this.#stream;
    this.#stream = undefined;
    this.#ino = -1;
    this.#generation++;
    if (stream) await endStream(stream);
  }

  #isIdle(): boolean {
    return this.#inFlight === undefined && this.#pendingBytes === 0;
  }

  #pump(): void {
    if (this.#inFlight) return;
    if (this.#pendingBytes === 0) {
      this.#settle();
      return;
    }
    const stream = this.#open();
    if (!stream) {
      this.#drop();
      return;
    }
    // An AUTO file gets its first write only once the stream is known to have opened our file.
    if (this.#o.noFollow && !this.#verified?.has(stream)) return;
    const batch = this.#takeBatch();
    this.#inFlight = stream;
    const write = () => stream.write(batch, (error) => this.#written(stream, error));
    const { file, maxBytes, backups } = this.#o;
    // This write fills the file, so a rotation follows: clear the oldest backup's place first.
    if (maxBytes > 0 && this.#fileBytes >= maxBytes) {
      retire(rotatedName(file, Math.max(1, backups)), retiredName(file), write);
    } else write();
  }

  /** Joins the queue into one write, cut after the line that reaches maxBytes. */
  #takeBatch(): Buffer {
    const queue = this.#queued();
    const cut = this.#cutAt(queue.bytes());
    const batch = queue.take(cut);
    this.#fileBytes += cut;
    if (this.#pendingBytes < this.#o.highWaterBytes) this.#o.gate.unblock(this);
    return batch;
  }

  #cutAt(batch: Buffer): number {
    const room = this.#o.maxBytes - this.#fileBytes;
    if (this.#o.maxBytes === 0 || batch.length < room) return batch.length;
    const nl = batch.indexOf(NEWLINE, Math.max(0, room - 1));
    return nl === -1 ? batch.length : nl + 1;
  }

  #written(stream: RotatingFileStream, error: Error | null | undefined): void {
    if (this.#inFlight !== stream) return;
    this.#inFlight = undefined;
    if (error) {
      this.#fail(stream, error);
      return;
    }
    this.#failures?.succeeded();
    if (this.#pendingBytes === 0) this.#pump();
    else this.#coalesced().request(this.#pendingBytes);
  }

  #settle(): void {
    if (!this.#isIdle()) return;
    this.#queue?.release();
    const waiters = this.#idle;
    if (!waiters) return;
    this.#idle = undefined;
    for (const resolve of waiters) resolve();
  }

  /** Drops what is queued (the file cannot take it now; the lines stay in memory). */
  #drop(): void {
    this.#queue?.clear();
    this.#o.gate.unblock(this);
    this.#settle();
  }

  #open(): RotatingFileStream | undefined {
    if (this.#stream) return this.#stream;
    if (this.#failures && !this.#failures.mayRetry) return;
    try {
      this.#stream = this.#create();
    } catch (error) {
      this.#episode().fail('could not be opened', error);
    }
    return this.#stream;
  }

  #create(): RotatingFileStream {
    const { file, maxBytes, backups, noFollow } = this.#o;
    // Opened (created) by us first, never through a link; held until the stream opened it too.
    const held = noFollow ? openNoFollow(file, LOG_FILE_MODE) : undefined;
    const existing = held ? held.size : sizeOf(file);
    unlink(retiredName(file), () => {}); // left by a host that died mid-rotation
    this.#fileBytes = maxBytes > 0 && existing >= maxBytes ? 0 : existing;
    // A file left ending mid-line (a full disk, a crash): end that line before ours.
    if (existing > 0 && this.#fileBytes > 0 && lastByte(file, existing) !== NEWLINE) {
      this.#queued().prependNewline();
    }
    const stream = createStream(
      (index) => rotatedName(file, typeof index === 'number' ? index : 0),
      {
        ...(maxBytes > 0 ? { size: `${maxBytes}B` } : {}),
        rotate: Math.max(1, backups),
        mode: LOG_FILE_MODE,
      },
    );
    this.#listen(stream, held);
    return stream;
  }

  #listen(stream: RotatingFileStream, held: HeldFile | undefined): void {
    let opened = false;
    stream.on('error', (error) => this.#fail(stream, error));
    stream.on('warning', () => {});
    stream.on('rotation', () => {
      if (!opened || stream !== this.#stream) return;
      this.#fileBytes = 0;
      this.#ino = -1;
      this.#generation++;
    });
    stream.on('rotated', (name) => {
      if (this.#o.backups === 0) unlink(name, () => {});
    });
    stream.on('open', () => {
      opened = true;
      const safe = !this.#o.noFollow || streamIsOurs(stream, this.#o.file, held);
      if (held) closeSync(held.fd);
      held = undefined;
      if (!safe && stream !== this.#stream) stream.destroy();
      if (stream !== this.#stream) return;
      if (!safe) {
        this.#fail(stream, new UnsafeLogFileError('was replaced by a link while it was opened'));
        return;
      }
      this.#verified ??= new WeakSet();
      this.#verified.add(stream);
      this.#failures?.opened();
      this.#watch(stream);
      this.#pump();
    });
  }

  /** Records the inode of the file just opened, to notice when it is deleted or moved. */
  #watch(stream: RotatingFileStream): void {
    const generation = ++this.#generation;
    stat(this.#o.file, (error, stats) => {
      if (generation === this.#generation && stream === this.#stream && !error) {
        this.#ino = stats.ino;
      }
    });
  }

  #checkLost(): void {
    const stream = this.#stream;
    const now = this.#o.clock.now();
    if (!stream || this.#ino < 0 || now - this.#lastCheck < this.#o.checkMs) return;
    this.#lastCheck = now;
    const generation = this.#generation;
    stat(this.#o.file, (error, stats) => {
      if (generation !== this.#generation || stream !== this.#stream) return;
      if (error ? error.code === 'ENOENT' : stats.ino !== this.#ino) this.#lost(stream);
    });
  }

  /** The file was deleted or replaced: finish the old stream, open a new file. */
  #lost(stream: RotatingFileStream): void {
    this.#stream = undefined;
    this.#inFlight = undefined;
    this.#queue?.abandon(); // the old stream may still be writing the batch taken last
    this.#ino = -1;
    this.#generation++;
    endStream(stream);
    const why = 'was deleted or moved while in use; a new file is opened';
    this.#o.onError(new LogWriteError(this.#o.program, this.#o.file, why));
    this.#pump();
  }

  #episode(): FailureEpisode {
    this.#failures ??= new FailureEpisode(this.#o, this.#o.retryMs);
    return this.#failures;
  }

  #fail(stream: RotatingFileStream, error: Error): void {
    if (stream !== this.#stream) return;
    this.#stream = undefined;
    this.#inFlight = undefined;
    this.#queue?.abandon(); // a write may still be running on the batch taken last
    this.#ino = -1;
    this.#generation++;
    stream.destroy();
    this.#episode().fail('could not be opened or written', error);
    this.#drop();
  }
}
