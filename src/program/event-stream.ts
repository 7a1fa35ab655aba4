import type { Listener } from '../emitter.js';
import type { ProgramEventMap, SupervisorEventMap } from '../events.js';

/** One event as a value: its name in `type`, its payload's fields beside it. */
export type EventOf<M> = {
  [K in keyof M & string]: M[K] extends [infer P, ...unknown[]] ? { readonly type: K } & P : never;
}[keyof M & string];

/** Every event a Program emits, as a discriminated union on `type`. */
export type ProgramEvent = EventOf<ProgramEventMap>;
/** Every event a Supervisor emits, as a discriminated union on `type`. */
export type SupervisorEvent = EventOf<SupervisorEventMap>;

export interface EventStreamOptions<K extends string> {
  /** Ends the iteration (no error). */
  readonly signal?: AbortSignal;
  /** Only these event types (fewer subscriptions: without 'log', no line events). @default every type */
  readonly types?: readonly K[];
}

export const PROGRAM_EVENT_TYPES = [
  'state',
  'spawn',
  'exit',
  'error',
  'log',
  'stats',
  'resource',
  'health',
  'crash',
] as const;
export const SUPERVISOR_EVENT_TYPES = [...PROGRAM_EVENT_TYPES, 'add', 'remove', 'group'] as const;

// Compile-time check that the lists above name every event.
type Missing<M, L extends readonly string[]> = Exclude<keyof M, L[number]>;
const _programComplete: Missing<ProgramEventMap, typeof PROGRAM_EVENT_TYPES> extends never
  ? true
  : never = true;
const _supervisorComplete: Missing<SupervisorEventMap, typeof SUPERVISOR_EVENT_TYPES> extends never
  ? true
  : never = true;
void _programComplete;
void _supervisorComplete;

interface Subscribable<M extends { [K in keyof M]: unknown[] }> {
  on<E extends keyof M & string>(event: E, listener: Listener<M[E]>): () => void;
}

/**
 * Every event of `source` from now on, as an async iterator. Subscribes at once (events
 * before the first `next()` are kept); ends on `signal` or `break`, unsubscribing. Events
 * wait in memory until read.
 */
export function eventStream<M extends { [K in keyof M]: unknown[] }, K extends keyof M & string>(
  source: Subscribable<M>,
  all: readonly K[],
  options: EventStreamOptions<K> = {},
): AsyncGenerator<EventOf<Pick<M, K>>> {
  const queue: EventOf<Pick<M, K>>[] = [];
  let wake: (() => void) | undefined;
  const push = (event: EventOf<Pick<M, K>>) => {
    queue.push(event);
    wake?.();
  };
  const offs = (options.types ?? all).map((type) =>
    source.on(type, ((payload: object) =>
      push({ ...payload, type } as EventOf<Pick<M, K>>)) as unknown as Listener<M[K]>),
  );
  const { signal } = options;
  let started = false;
  const onAbort = () => (started ? wake?.() : stop());
  signal?.addEventListener('abort', onAbort);
  const stop = () => {
    for (const off of offs) off();
    signal?.removeEventListener('abort', onAbort);
  };
  async function* iterate(): AsyncGenerator<EventOf<Pick<M, K>>> {
    started = true;
    try {
      let read = 0;
      while (!signal?.aborted) {
        if (read < queue.length) {
          const event = queue[read++] as EventOf<Pick<M, K>>;
          if (read > 1024) {
            queue.splice(0, read);
            read = 0;
          }
          yield event;
          continue;
        }
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
      }
    } finally {
      stop();
    }
  }
  if (signal?.aborted) stop();
  return iterate();
}

/** A Program's events(): every ProgramEventMap type, or those of `types`. */
export const programEvents = <K extends ProgramEvent['type']>(
  source: Subscribable<ProgramEventMap>,
  options?: EventStreamOptions<K>,
) => eventStream(source, PROGRAM_EVENT_TYPES as readonly string[] as readonly K[], options);

/** A Supervisor's events(): every SupervisorEventMap type, or those of `types`. */
export const supervisorEvents = <K extends SupervisorEvent['type']>(
  source: Subscribable<SupervisorEventMap>,
  options?: EventStreamOptions<K>,
) => eventStream(source, SUPERVISOR_EVENT_TYPES as readonly string[] as readonly K[], options);

/** Options of `program.events()`: `types` narrows the union. */
export type ProgramEventsOptions<K extends ProgramEvent['type'] = ProgramEvent['type']> =
  EventStreamOptions<K>;
/** Options of `supervisor.events()`: `types` narrows the union. */
export type SupervisorEventsOptions<K extends SupervisorEvent['type'] = SupervisorEvent['type']> =
  EventStreamOptions<K>;
