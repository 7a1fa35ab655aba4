import { EventEmitter } from 'eventemitter3';
import { ListenerError } from './errors.js';

/** An event listener: called with the event's arguments. */
export type Listener<Args extends unknown[]> = (...args: Args) => void;

/** What `on()` and `once()` return: call it, or let `using` dispose it, to unsubscribe. */
export type Unsubscribe = (() => void) & Disposable;

type AnyListener = Listener<unknown[]> & { readonly original?: Listener<unknown[]> };

/**
 * What a hot path that calls one event's listeners itself (the 'log' lines, see LineFanout)
 * needs from a SafeEmitter: the listeners as they stand, a version that tells when they
 * changed, and the emitter's own way of reporting a listener that threw.
 */
export interface ListenerSource<Events extends { [K in keyof Events]: unknown[] }> {
  readonly version: number;
  snapshot<E extends keyof Events & string>(event: E): readonly Listener<Events[E]>[];
  listenerFailed(event: string, error: unknown): void;
}

const NO_LISTENERS: readonly never[] = Object.freeze([]);

function unsubscriber(off: () => void): Unsubscribe {
  return Object.assign(off, { [Symbol.dispose]: off });
}

/**
 * eventemitter3 with two guarantees: a listener that throws cannot break the emitter (the
 * error is reported through `onListenerError` and the other listeners still run), and
 * `on` returns an unsubscribe function.
 */
export class SafeEmitter<Events extends { [K in keyof Events]: unknown[] }>
  implements ListenerSource<Events>
{
  readonly #emitter = new EventEmitter();
  readonly #onListenerError: (this: never, event: string, error: unknown) => void;
  readonly #receiver: unknown;
  /**
   * The listeners of each event emitted, as an array that on() and off() replace instead of
   * changing (made at the first emit that has listeners): emit() copies nothing, and an emit
   * in progress still calls the listeners it started with, as with a copy.
   */
  #snapshots: Map<string, AnyListener[]> | undefined;
  #version = 0;

  /** `onListenerError` is called with `receiver` as `this` (one shared function, no closure). */
  constructor(
    onListenerError: (this: never, event: string, error: unknown) => void,
    receiver?: unknown,
  ) {
    this.#onListenerError = onListenerError;
    this.#receiver = receiver;
  }

  on<E extends keyof Events & string>(event: E, listener: Listener<Events[E]>): Unsubscribe {
    this.#add(event, listener as AnyListener);
    return unsubscriber(() => this.off(event, listener));
  }

  once<E extends keyof Events & string>(event: E, listener: Listener<Events[E]>): Unsubscribe {
    const wrapper = Object.assign(
      (...args: Events[E]) => {
        this.#remove(event, wrapper as unknown as AnyListener);
        listener(...args);
      },
      { original: listener },
    ) as unknown as AnyListener;
    this.#add(event, wrapper);
    return unsubscriber(() => this.#remove(event, wrapper));
  }

  /** Removes a listener added with `on` or `once`. */
  off<E extends keyof Events & string>(event: E, listener: Listener<Events[E]>): void {
    const found = (this.#emitter.listeners(event) as AnyListener[]).findLast(
      (l) => l === listener || l.original === listener,
    );
    if (found) this.#remove(event, found);
  }

  /**
   * Every change of an event's listeners goes through these two, which drop its snapshot and
   * bump the version.
   */
  #add(event: string, listener: AnyListener): void {
    this.#snapshots?.delete(event);
    this.#version++;
    this.#emitter.on(event, listener);
  }

  #remove(event: string, listener: AnyListener): void {
    this.#snapshots?.delete(event);
    this.#version++;
    this.#emitter.off(event, listener);
  }

  /**
   * Goes up at every on(), once() and off() of any event (and when a once() listener is
   * called): a caller holding a snapshot() knows it is still current while this is the same.
   */
  get version(): number {
    return this.#version;
  }

  /**
   * The listeners of `event` as emit() would call them now: an array never changed (on() and
   * off() replace it), for a hot path that calls them itself (see LineFanout). Reports what
   * they throw through {@link SafeEmitter.listenerFailed}, as emit() does.
   */
  snapshot<E extends keyof Events & string>(event: E): readonly Listener<Events[E]>[] {
    if (this.#emitter.listenerCount(event) === 0) return NO_LISTENERS;
    return this.#listenersOf(event) as readonly Listener<unknown[]>[];
  }

  /** A listener of `event` threw: reported as emit() reports it. */
  listenerFailed(event: string, error: unknown): void {
    this.#onListenerError.call(this.#receiver as never, event, error);
  }

  listenerCount<E extends keyof Events & string>(event: E): number {
    return this.#emitter.listenerCount(event);
  }

  /** Calls every listener; returns whether there were any. Never throws. */
  emit<E extends keyof Events & string>(event: E, ...args: Events[E]): boolean {
    if (this.#emitter.listenerCount(event) === 0) return false;
    const listeners = this.#listenersOf(event);
    for (let i = 0; i < listeners.length; i++) {
      try {
        (listeners[i] as AnyListener)(...args);
      } catch (error) {
        this.listenerFailed(event, error);
      }
    }
    return true;
  }

  #listenersOf(event: string): AnyListener[] {
    this.#snapshots ??= new Map();
    let listeners = this.#snapshots.get(event);
    if (!listeners) {
      listeners = this.#emitter.listeners(event) as AnyListener[];
      this.#snapshots.set(event, listeners);
    }
    return listeners;
  }
}

/**
 * An `error` event nobody listened to is not dropped: it becomes a process warning (the
 * sources report once per failure episode, so one warning per episode). Returns true: the
 * error was reported one way or the other.
 */
export function warnIfUnheard(heard: boolean, error: Error): boolean {
  if (!heard) process.emitWarning(error);
  return true;
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
 * Base class of everything that exposes typed events (Program, Supervisor): `on` and `once`
 * (both return an unsubscribe function that is also Disposable), `off`, and Node's names
 * `addListener`/`removeListener`, so `events.on(source, 'state', { signal })` and
 * `events.once(source, 'exit')` from node:events work and end cleanly. A listener that throws
 * is reported through {@link EventSource.onListenerError} and never breaks the emitter.
 */
export abstract class EventSource<Events extends { [K in keyof Events]: unknown[] }> {
  /** @internal */
  protected readonly emitter: SafeEmitter<Events> = new SafeEmitter(EventSource.#report, this);

  /** Every source's listener errors, through one function (not a closure per source). */
  static #report(this: EventSource<never>, event: string, error: unknown): void {
    this.onListenerError(event, error);
  }

  /** Subscribes to an event; returns the function that unsubscribes (also `Disposable`). */
  on<E extends keyof Events & string>(event: E, listener: Listener<Events[E]>): Unsubscribe {
    return this.emitter.on(event, listener);
  }

  /** Subscribes for one call only; returns the function that unsubscribes. */
  once<E extends keyof Events & string>(event: E, listener: Listener<Events[E]>): Unsubscribe {
    return this.emitter.once(event, listener);
  }

  /** Removes a listener added with `on` or `once`. */
  off<E extends keyof Events & string>(event: E, listener: Listener<Events[E]>): void {
    this.emitter.off(event, listener);
  }

  /** Node's name for `on()`. */
  addListener<E extends keyof Events & string>(
    event: E,
    listener: Listener<Events[E]>,
  ): Unsubscribe {
    return this.on(event, listener);
  }

  /** Node's name for `off()`. */
  removeListener<E extends keyof Events & string>(event: E, listener: Listener<Events[E]>): void {
    this.off(event, listener);
  }

  /** How many listeners an event has. */
  listenerCount<E extends keyof Events & string>(event: E): number {
    return this.emitter.listenerCount(event);
  }

  /** @internal A listener threw. */
  protected abstract onListenerError(event: string, error: unknown): void;
}
