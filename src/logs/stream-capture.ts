import type { Readable } from 'node:stream';
import { takeChunks } from '../process/output-pipes.js';
import { LineSplitter, type RegionSink } from './line-splitter.js';
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
): StreamCapture {
  return new PipeCapture(readable, gate, new LineSplitter(maxLineBytes, sink), onEnd);
}

/**
 * One object and two listener functions per pipe; `done` is made only when asked for (at
 * close), since `onEnd` tells the owner: a running program holds no promise per pipe.
 */
class PipeCapture implements StreamCapture {
  readonly #readable: Readable;
  readonly #gate: PauseGate;
  readonly #onData: (chunk: Buffer | string) => void;
  readonly #finish = () => this.#end();
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
    this.#onData = (chunk) => {
      splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    };
    // Our own pipe hands over each read without a Buffer of its own (see output-pipes.ts):
    // everything downstream copies what it keeps. Before gate.add, which pauses it if the
    // gate is blocked (takeChunks resumes a pipe it paused for reads nobody took yet).
    const own = takeChunks(readable, this.#onData);
    gate.add(readable);
    if (!own) readable.on('data', this.#onData);
    // on, not once: #end runs once anyway, and once() wraps each listener (~150 bytes).
    readable.on('end', this.#finish);
    readable.on('close', this.#finish);
    readable.on('error', this.#finish);
    if (readable.readableEnded || readable.destroyed) this.#end();
  }

  get done(): Promise<void> {
    if (this.#finished) return Promise.resolve();
    this.#done ??= new Promise((resolve) => {
      this.#resolve = resolve;
    });
    return this.#done;
  }

  abandon(): void {
    this.#end();
    this.#readable.destroy();
  }

  #end(): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#readable.off('data', this.#onData);
    takeChunks(this.#readable, ignore);
    this.#gate.delete(this.#readable);
    this.#splitter.end();
    this.#resolve?.();
    const onEnd = this.#onEnd;
    this.#onEnd = undefined;
    onEnd?.();
  }
}

function ignore(): void {}
