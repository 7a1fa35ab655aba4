import { optByteSize } from '../options/units.js';
import {
  fail,
  isPlainObject,
  type OptionContext,
  optBoolean,
  optInteger,
} from '../options/validate.js';
import type { PoolOptions } from '../supervisor/pool.js';
import { type EventTypeName, isEventTypeName } from './event-types.js';

/** What a program sends to supervisord-style event listeners, and whether it is one. */
export interface EventOptions {
  /** Send PROCESS_LOG_STDOUT events for stdout lines. @default false */
  stdoutEventsEnabled?: boolean;
  /** Send PROCESS_LOG_STDERR events for stderr lines. @default false */
  stderrEventsEnabled?: boolean;
  /**
   * Capture mode: output between `<!--XSUPERVISOR:BEGIN-->` and `<!--XSUPERVISOR:END-->`
   * becomes one PROCESS_COMMUNICATION_STDOUT event, up to this many bytes; 0 = off.
   * Bytes or a KB/MB/GB string. @default 0
   */
  stdoutCaptureMaxbytes?: number | string;
  /** Like stdoutCaptureMaxbytes, for stderr (PROCESS_COMMUNICATION_STDERR). @default 0 */
  stderrCaptureMaxbytes?: number | string;
  /**
   * Makes the program an event listener ([eventlistener:x]): it is sent the events of these
   * types over stdin in supervisord's protocol. Prefer `supervisor.addEventListener()`.
   */
  eventListener?: ListenerSettings;
}

export interface ListenerSettings {
  /** Event types (abstract ones like PROCESS_STATE include their subtypes). */
  readonly events: readonly string[];
  /** Events kept while no listener process is ready; the oldest is dropped beyond. @default 10 */
  readonly bufferSize?: number;
}

/**
 * `supervisor.addEventListener()`: a program ([eventlistener:x]) that is sent events in
 * supervisord's protocol. Every program option applies (numprocs too); priority defaults to -1.
 */
export interface EventListenerOptions
  extends Omit<PoolOptions, 'eventListener'>,
    ListenerSettings {}

export interface EventConfig {
  readonly stdoutEventsEnabled: boolean;
  readonly stderrEventsEnabled: boolean;
  readonly stdoutCaptureMaxbytes: number;
  readonly stderrCaptureMaxbytes: number;
  readonly listener:
    | { readonly events: readonly EventTypeName[]; readonly bufferSize: number }
    | undefined;
}

export const EVENT_OPTION_KEYS: readonly string[] = [
  'stdoutEventsEnabled',
  'stderrEventsEnabled',
  'stdoutCaptureMaxbytes',
  'stderrCaptureMaxbytes',
  'eventListener',
];

export function normalizeEventOptions(
  ctx: OptionContext,
  input: Record<string, unknown>,
): EventConfig {
  return Object.freeze({
    stdoutEventsEnabled: optBoolean(ctx, 'stdoutEventsEnabled', input.stdoutEventsEnabled, false),
    stderrEventsEnabled: optBoolean(ctx, 'stderrEventsEnabled', input.stderrEventsEnabled, false),
    stdoutCaptureMaxbytes: optByteSize(
      ctx,
      'stdoutCaptureMaxbytes',
      input.stdoutCaptureMaxbytes,
      0,
    ),
    stderrCaptureMaxbytes: optByteSize(
      ctx,
      'stderrCaptureMaxbytes',
      input.stderrCaptureMaxbytes,
      0,
    ),
    listener: normalizeListener(ctx, input.eventListener),
  });
}

function normalizeListener(ctx: OptionContext, value: unknown): EventConfig['listener'] {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) {
    fail(ctx, 'eventListener', value, 'Use { events: ["PROCESS_STATE"], bufferSize?: 10 }.');
  }
  if (!Array.isArray(value.events) || value.events.length === 0) {
    fail(
      ctx,
      'events',
      value.events,
      'List the event types to send, like events: ["PROCESS_STATE"].',
    );
  }
  const events = (value.events as unknown[]).map((e) =>
    typeof e === 'string' ? e.toUpperCase() : e,
  );
  for (const e of events) {
    if (typeof e !== 'string' || !isEventTypeName(e)) {
      fail(
        ctx,
        'events',
        e,
        'Use supervisord event types like PROCESS_STATE, PROCESS_STATE_EXITED, TICK_60, PROCESS_LOG.',
      );
    }
  }
  return Object.freeze({
    events: Object.freeze([...new Set(events as EventTypeName[])]),
    bufferSize: optInteger(ctx, 'bufferSize', value.bufferSize, 10, 1),
  });
}
