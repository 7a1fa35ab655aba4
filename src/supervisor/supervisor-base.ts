import type { Clock } from '../clock.js';
import { EventSource } from '../emitter.js';
import type { SupervisorEventMap } from '../events.js';
import { ListenerHub } from '../listeners/listener-hub.js';
import type { EventListenerOptions } from '../listeners/options.js';
import { type SupervisorEventsOptions, supervisorEvents } from '../program/event-stream.js';
import type { ProcessInfo } from '../program/info.js';
import type { Program } from '../program/program.js';
import type { ConfigDiff, SupervisorConfig } from './config-plan.js';
import { listenerPool } from './config-source.js';
import type { Group } from './group.js';
import type { PoolOptions } from './pool.js';

/**
 * The part of the Supervisor built on its public surface alone, as supervisorctl users know
 * it: status (`info()`), `reread()`, `clearLogs()`, `events()`, and supervisord's event
 * listeners (`addEventListener()`, the hub that feeds them).
 */
export abstract class SupervisorBase extends EventSource<SupervisorEventMap> {
  /** @internal Hands the supervisor's events to [eventlistener:x] pools. */
  protected readonly listeners: ListenerHub;

  constructor(clock: Clock) {
    super();
    this.listeners = new ListenerHub(clock, this, (error) => this.emitter.emit('error', { error }));
  }

  abstract get programs(): readonly Program[];
  abstract get(address: string): Program | undefined;
  abstract addPool(options: PoolOptions): Group;
  /** @internal The diff of `config` (or of the loaded file, read again) with the active one. */
  protected abstract diffWith(config: SupervisorConfig | undefined): ConfigDiff;

  /** Adds supervisord's [eventlistener:x]: listener processes sent `events` (docs/supervisord.md). */
  addEventListener(options: EventListenerOptions): Group {
    return this.addPool(listenerPool(options));
  }

  /**
   * What update() would change, changing nothing (supervisorctl reread / avail). Without an
   * argument, the supervisord.conf the supervisor was loaded from, read again.
   */
  reread(config?: SupervisorConfig): ConfigDiff {
    return this.diffWith(config);
  }

  /** Process records of every program, sorted by group then name. */
  info(): ProcessInfo[] {
    return this.programs
      .map((p) => p.info())
      .sort((a, b) => a.group.localeCompare(b.group) || a.name.localeCompare(b.name));
  }

  /** Empties every program's log files (supervisord's clearAllProcessLogs). */
  async clearLogs(): Promise<void> {
    await Promise.all(this.programs.map((p) => p.clearLog()));
  }

  /**
   * supervisord's sendRemoteCommEvent: sends a REMOTE_COMMUNICATION event (`type:<type>` and
   * `data`) to the event listeners subscribed to it.
   */
  sendRemoteCommEvent(type: string, data: string): void {
    this.listeners.remote(type, data);
  }

  /** Every event from now on, as an async iterator of a union typed on `type`. */
  events<K extends keyof SupervisorEventMap>(options?: SupervisorEventsOptions<K>) {
    return supervisorEvents(this, options);
  }
}
