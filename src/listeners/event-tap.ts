import type { Program } from '../program/program.js';
import { CaptureMode, type CaptureOutput } from './capture.js';
import type { OutputTap } from './output-tap.js';
import { communicationEvent, type ListenerEvent, logEvent } from './payloads.js';

type Stream = 'stdout' | 'stderr';

/**
 * The output tap of a program with `stdoutEventsEnabled`/`stderrEventsEnabled` or a capture
 * size: PROCESS_LOG_* for every piece of output (captured ones too, as supervisord does) and
 * PROCESS_COMMUNICATION_* per capture; captured bytes are kept out of the log file.
 * Undefined when the program enables none of it.
 */
export function eventTap(
  program: Program,
  notify: (e: ListenerEvent) => void,
): OutputTap | undefined {
  const e = program.config.events;
  const enabled = { stdout: e.stdoutEventsEnabled, stderr: e.stderrEventsEnabled };
  const maxBytes = { stdout: e.stdoutCaptureMaxbytes, stderr: e.stderrCaptureMaxbytes };
  if (!enabled.stdout && !enabled.stderr && !maxBytes.stdout && !maxBytes.stderr) return undefined;
  const modes: Partial<Record<Stream, CaptureMode>> = {};
  const split = (stream: Stream, chunk: Buffer | undefined): CaptureOutput => {
    if (maxBytes[stream] === 0) {
      return { pieces: chunk ? [{ data: chunk, captured: false }] : [], communications: [] };
    }
    const mode = modes[stream] ?? new CaptureMode(maxBytes[stream]);
    modes[stream] = mode;
    if (chunk) return mode.feed(chunk);
    delete modes[stream]; // the run ended: the next one starts outside capture mode
    return mode.end();
  };
  return (stream, chunk) => {
    const ref = { name: program.name, group: program.group, pid: program.pid };
    const out = split(stream, chunk);
    for (const piece of out.pieces) {
      if (enabled[stream]) notify(logEvent(ref, stream, piece.data.toString()));
    }
    for (const data of out.communications) notify(communicationEvent(ref, stream, data.toString()));
    const logged = out.pieces.filter((p) => !p.captured).map((p) => p.data);
    return logged.length === 1 ? (logged[0] as Buffer) : Buffer.concat(logged);
  };
}
