import type { Readable } from 'node:stream';
import { pipeline, Transform } from 'node:stream';

/**
 * Sees a program's raw output before the log capture does, and decides what of it goes on
 * to the logs (capture mode keeps its captured bytes out of the log file, as supervisord).
 */
export type OutputTap = (stream: 'stdout' | 'stderr', chunk: Buffer | undefined) => Buffer;

const taps = new WeakMap<object, OutputTap>();

/** Sets (or, with undefined, removes) the tap of a program; it applies from its next spawn. */
export function setOutputTap(program: object, tap: OutputTap | undefined): void {
  if (tap) taps.set(program, tap);
  else taps.delete(program);
}

/**
 * The pipe the log capture should read: `readable` itself when the program has no tap, else
 * a Transform fed through the tap (back-pressure and teardown follow the pipe). The tap is
 * called with `undefined` once the pipe ends, for what it held back.
 */
export function tappedPipe(
  program: object,
  stream: 'stdout' | 'stderr',
  readable: Readable | null,
): Readable | null {
  const tap = taps.get(program);
  if (!tap || !readable) return readable;
  const through = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      const out = tap(stream, chunk);
      done(null, out.length > 0 ? out : undefined);
    },
    flush(done) {
      const out = tap(stream, undefined);
      done(null, out.length > 0 ? out : undefined);
    },
  });
  return pipeline(readable, through, () => {});
}
