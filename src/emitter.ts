import { EventEmitter } from 'eventemitter3';
import { ListenerError } from './errors.js';

/** An event listener: called with the event's arguments. */
export type Listener<Args extends unknown[]> = (...args: Args) => void;

/**
 * eventemitter3 with two guarantees: a listener that throws cannot break the emitter (the
 * error is reported through `onListenerError` and the other listeners still run), and
 * `on` returns an unsubscribe function.
 */
export class SafeEmitter<Events extends { [K in keyof Events]: unknown[] }> {
  readonly #emitter = new EventEmitter();

  constructor(private readonly onListenerError: (event: string, error: unknown) => void) {}

  on<E extends keyof Events & string>(event: E, listener: Listener<Events[E]>): () => void {
    this.#emitter.on(event, listener as Listener<unknown[]>);
    return () => this.off(event, listener);
  }

  once<E extends keyof Events & string>(event: E, listener: Listener<Events[E]>): () => void {
    const wrapper = (...args: Events[E]) => {
      this.off(event, wrapper);
      listener(...args);
    };
    return this.on(event, wrapper);
  }

  off<E extends keyof Events & string>(event: E, listener: Listener<Events[E]>): void {
    this.#emitter.off(event, listener as Listener<unknown[]>);
  }

  listenerCount<E extends keyof Events & string>(event: E): number {
    return this.#emitter.listenerCount(event);
  }

  /** Calls every listener; returns whether there were any. Never throws. */
  emit<E extends keyof Events & string>(event: E, ...args: Events[E]): boolean {
    const listeners = this.#emitter.listeners(event);
    for (const listener of listeners) {
      try {
        listener(...args);
      } catch (error) {
        this.onListenerError(event, error);
      }
    }
    return listeners.length > 0;
  }
}

/** Reports a listener's error as an `error` event, or as a process warning from an `error` listener. */
export function reportListenerError(
  emitError: (error: ListenerError) => boolean,
  event: string,
  error: unknown,
): void {
  const wrapped = new ListenerError(event, error);
  if (event === 'error' || !emitError(wrapped)) process.emitWarning(wrapped);
}

/**
 * Base class of everything that exposes typed events (Program, Supervisor): `on` (returns an
 * unsubscribe function), `once`, `off`. A listener that throws is reported through
 * {@link EventSource.onListenerError} and never breaks the emitter.
 */
export abstract class EventSource<Events extends { [K in keyof Events]: unknown[] }> {
  /** @internal */
  protected readonly emitter: SafeEmitter<Events> = new SafeEmitter((event, error) =>
    this.onListenerError(event, error),
  );

  /** Subscribes to an event; returns the function that unsubscribes. */
  on<E extends keyof Events & string>(event: E, listener: Listener<Events[E]>): () => void {
    return this.emitter.on(event, listener);
  }

  /** Subscribes for one call only; returns the function that unsubscribes. */
  once<E extends keyof Events & string>(event: E, listener: Listener<Events[E]>): () => void {
    return this.emitter.once(event, listener);
  }

  off<E extends keyof Events & string>(event: E, listener: Listener<Events[E]>): void {
    this.emitter.off(event, listener);
  }

  /** @internal A listener threw. */
  protected abstract onListenerError(event: string, error: unknown): void;
}
