import type { Readable } from 'node:stream';
import { LineSplitter, type RegionSink } from './line-splitter.js';
import type { PauseGate } from './pause-gate.js';

/**
 * Reads one pipe of one process run to its end: chunks go through a fresh LineSplitter
 * (a partial line never joins the next run's first line), the gate pauses and resumes the
 * pipe. Resolves once the pipe has ended or closed and the final partial line is out.
 */
export function captureStream(
  readable: Readable,
  gate: PauseGate,
  maxLineBytes: number,
  sink: RegionSink,
): Promise<void> {
  const splitter = new LineSplitter(maxLineBytes, sink);
  return new Promise((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
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
    readable.once('end', finish);
    readable.once('close', finish);
    readable.once('error', finish);
    if (readable.readableEnded || readable.destroyed) finish();
  });
}
