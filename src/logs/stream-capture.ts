import type { Readable } from 'node:stream';
import { takeChunks } from '../process/output-pipes.js';
import { LineSplitter, type RegionSink } from './line-splitter.js';
import type { LogStream } from './log-line.js';
import type { PauseGate } from './pause-gate.js';

/** One pipe of one process run being read. */
export interface StreamCapture {
  /** Resolves once the pipe has ended (or was let go) and the final partial line is out. */
  readonly done: Promise<void>;
  /** Stops reading at once: emits the partial line and destroys the pipe. */
  abandon(): void;
}

/**
 * Reads one pipe of one process run to its end: chunks go through a fresh LineSplitter
 * (a partial line never joins the next run's first line), the gate pauses and resumes the
 * pipe. `onEnd` is called once the pipe has ended and the final partial line is out.
 */
export function captureStream(
  readable: Readable,
  gate: PauseGate,
  maxLineBytes: number,
  sink: RegionSink,
  onEnd?: () => void,
  stream: LogStream = 'stdout',
): StreamCapture {
  return new PipeCapture(readable, gate, new LineSplitter(maxLineBytes, sink, stream), onEnd);
}

/** The capture reading each pipe: how the shared listeners below find theirs. */
const captureOf = new WeakMap<Readable, PipeCapture>();

/**
 * The pipe's listeners, one function for every pipe of the host (Node calls a listener with
 * `this` set to the emitter): a closure per pipe and listener cost about 100 bytes each.
 */
function onCaptureData(this: Readable, chunk: Buffer | string): void {
  captureOf.get(this)?.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
}
function onCaptureEnd(this: Readable): void {
  captureOf.get(this)?.end();
}

/** Takes the reads of a pipe nobody captures any more. */
const IGNORE = { push(): void {} };

/**
 * One object per pipe, and no listener function of its own; `done` is made only when asked
 * for (at close), since `onEnd` tells the owner: a running program holds no promise per pipe.
 */
class PipeCapture implements StreamCapture {
  readonly #readable: Readable;
  readonly #gate: PauseGate;
  #onEnd: (() => void) | undefined;
  #finished = false;
  #done: Promise<void> | undefined;
  #resolve: (() => void) | undefined;
  readonly #splitter: LineSplitter;

  constructor(readable: Readable, gate: PauseGate, splitter: LineSplitter, onEnd?: () => void) {
    this.#readable = readable;
    this.#gate = gate;
    this.#splitter = splitter;
    this.#onEnd = onEnd;
    captureOf.set(readable, this);
    // Our own pipe hands over each read without a Buffer of its own (see output-pipes.ts):
    // everything downstream copies what it keeps. Before gate.add, which pauses it if the
    // gate is blocked (takeChunks resumes a pipe it paused for reads nobody took yet).
    const own = takeChunks(readable, splitter);
    gate.add(readable);
    if (!own) readable.on('data', onCaptureData);
    // on, not once: end() runs once anyway, and once() wraps each listener (~150 bytes).
    readable.on('end', onCaptureEnd);
    readable.on('close', onCaptureEnd);
    readable.on('error', onCaptureEnd);
    if (readable.readableEnded || readable.destroyed) this.end();
  }

  get done(): Promise<void> {
    if (this.#finished) return Promise.resolve();
    this.#done ??= new Promise((resolve) => {
      this.#resolve = resolve;
    });
    return this.#done;
  }

  abandon(): void {
    this.end();
    this.#readable.destroy();
  }

  /** A chunk read through 'data' (a pipe that is not ours). */
  push(chunk: Buffer): void {
    this.#splitter.push(chunk);
  }

  /** The pipe ended, closed or failed (or was let go): the rest of the line goes out. */
  end(): void {
    if (this.#finished) return;
    this.#finished = true;
    // Our own pipe was never listened to for 'data' (a removal still costs a lookup).
    if (!takeChunks(this.#readable, IGNORE)) this.#readable.off('data', onCaptureData);
    captureOf.delete(this.#readable);
    this.#gate.delete(this.#readable);
    this.#splitter.end();
    this.#resolve?.();
    const onEnd = this.#onEnd;
    this.#onEnd = undefined;
    onEnd?.();
  }
}
