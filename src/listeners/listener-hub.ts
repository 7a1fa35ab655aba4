import type { Clock } from '../clock.js';
import type { ProgramRef, StateChange } from '../events.js';
import type { Program } from '../program/program.js';
import { programKey } from '../supervisor/addresses.js';
import { ListenerProtocolError } from './errors.js';
import { eventTap } from './event-tap.js';
import { ListenerPool } from './listener-pool.js';
import { type OutputTap, setOutputTap } from './output-tap.js';
import {
  groupEvent,
  type ListenerEvent,
  remoteEvent,
  stateEvent,
  supervisorStateEvent,
  tickEvent,
} from './payloads.js';
import { TICK_PERIODS, Ticker } from './ticks.js';

const EMPTY = Buffer.alloc(0);

/** The supervisor: its `state`, `add` and `remove` events, and its programs. */
export interface HubSource {
  on(event: 'state', listener: (change: StateChange) => void): () => void;
  on(event: 'add' | 'remove', listener: (ref: ProgramRef) => void): () => void;
  get(address: string): Program | undefined;
}

/**
 * Turns the supervisor's events into supervisord's and hands them to every event listener
 * pool that subscribed: process states, logs and captures (when a program enables them),
 * groups added and removed, ticks, the supervisor's own RUNNING and STOPPING. Listener
 * programs are ordinary programs whose config has `events.listener`.
 */
export class ListenerHub {
  readonly #pools = new Map<string, ListenerPool>();
  readonly #groups = new Map<string, number>();
  readonly #ticker: Ticker;
  /** Every program by "group:name", kept until its `remove` (when the supervisor forgot it). */
  readonly #programs = new Map<string, Program>();
  #serial = -1;
  #running = false;

  readonly #warn: { warn(message: string): void };

  /** `onError`: a pool dropped an event, or a listener broke the protocol. */
  constructor(clock: Clock, source: HubSource, onError: (error: Error) => void) {
    this.#warn = { warn: (message) => onError(new ListenerProtocolError(message)) };
    this.#ticker = new Ticker(clock, (period, when) => this.#notify(tickEvent(period, when)));
    source.on('state', (change) => {
      // No pool, no payload: a stop of many programs builds none.
      if (this.#pools.size > 0) this.#state(this.#programs.get(programKey(change)), change);
    });
    source.on('add', (ref) => {
      const program = source.get(programKey(ref));
      if (!program) return;
      this.#programs.set(programKey(ref), program);
      this.#added(program);
    });
    source.on('remove', (ref) => {
      const program = this.#programs.get(programKey(ref));
      this.#programs.delete(programKey(ref));
      if (program) this.#removed(program);
    });
  }

  /** The supervisor started (RUNNING) or began stopping (STOPPING). */
  supervisorState(state: 'RUNNING' | 'STOPPING'): void {
    this.#running = state === 'RUNNING';
    this.#notify(supervisorStateEvent(state));
    if (this.#running) this.#startTicks();
    else this.#ticker.stop();
  }

  #state(program: Program | undefined, change: StateChange): void {
    this.#notify(stateEvent(change));
    const pool = this.#pools.get(change.group);
    if (!program || !pool) return;
    if (change.to === 'STARTING') pool.spawned(program);
    else if (change.to === 'EXITED' || change.to === 'STOPPED' || change.to === 'BACKOFF')
      pool.exited(program);
    if (change.to === 'RUNNING') pool.dispatch();
  }

  /** supervisord's sendRemoteCommEvent: a REMOTE_COMMUNICATION event for the listeners. */
  remote(type: string, data: string): void {
    this.#notify(remoteEvent(type, data));
  }

  #added(program: Program): void {
    const { group } = program;
    const count = this.#groups.get(group) ?? 0;
    const listener = program.config.events.listener;
    if (listener) {
      let pool = this.#pools.get(group);
      if (!pool) {
        pool = new ListenerPool(group, listener.events, listener.bufferSize, this.#warn);
        this.#pools.set(group, pool);
      }
      pool.join(program);
      setOutputTap(program, this.#listenerTap(program));
      if (this.#running) this.#startTicks();
    } else
      setOutputTap(
        program,
        eventTap(program, (e) => this.#notify(e)),
      );
    this.#groups.set(group, count + 1);
    if (count === 0) this.#notify(groupEvent('ADDED', group));
  }

  #removed(program: Program): void {
    setOutputTap(program, undefined);
    const pool = this.#pools.get(program.group);
    pool?.leave(program);
    if (pool && pool.size === 0) this.#pools.delete(program.group);
    const count = (this.#groups.get(program.group) ?? 1) - 1;
    if (count > 0) {
      this.#groups.set(program.group, count);
      return;
    }
    this.#groups.delete(program.group);
    this.#notify(groupEvent('REMOVED', program.group));
  }

  /** Listener programs: their stdout is the protocol (and is logged too, as supervisord). */
  #listenerTap(program: Program): OutputTap {
    return (stream, chunk) => {
      if (stream === 'stdout' && chunk) this.#pools.get(program.group)?.output(program, chunk);
      return chunk ?? EMPTY;
    };
  }

  #startTicks(): void {
    const wanted = TICK_PERIODS.filter((p) =>
      [...this.#pools.values()].some((pool) => pool.wants(`TICK_${p}`)),
    );
    if (wanted.length > 0) this.#ticker.start(wanted);
  }

  #notify(event: ListenerEvent): void {
    const pools = [...this.#pools.values()].filter((p) => p.wants(event.eventName));
    if (pools.length === 0) return;
    const serial = ++this.#serial;
    for (const pool of pools) pool.accept({ ...event, serial });
  }

  /** Stops the tick timers (the supervisor is disposed). */
  close(): void {
    this.#ticker.stop();
  }
}
