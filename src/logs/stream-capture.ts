import type { Readable } from 'node:stream';
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
 * pipe.
 */
export function captureStream(
  readable: Readable,
  gate: PauseGate,
  maxLineBytes: number,
  sink: RegionSink,
): StreamCapture {
  const splitter = new LineSplitter(maxLineBytes, sink);
  let finish = () => {};
  const done = new Promise<void>((resolve) => {
    let finished = false;
    finish = () => {
      if (finished) return;
      finished = true;
      readable.off('data', onData);
      gate.delete(readable);
      splitter.end();
      resolve();
    };
    const onData = (chunk: Buffer | string) => {
      splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    };
    gate.add(readable);
    readable.on('data', onData);
    // on, not once: finish runs once anyway, and once() wraps each listener (~150 bytes).
    readable.on('end', finish);
    readable.on('close', finish);
    readable.on('error', finish);
    if (readable.readableEnded || readable.destroyed) finish();
  });
  const abandon = () => {
    finish();
    readable.destroy();
  };
  return { done, abandon };
}
