import type { ListenerSource } from '../emitter.js';
import type { ProgramEventMap } from '../events.js';
import type { LogLine } from '../logs/log-line.js';

type LineListener = (line: LogLine) => void;
type Source = ListenerSource<ProgramEventMap>;

/**
 * Delivers each captured line to a program's 'log' listeners, then to its supervisor's: what
 * emit('log', line) on both does, without its work per call (a rest array and a spread call
 * per emitter, a listener count and a Map lookup each), which cost more than the line itself
 * at millions of lines a second. The two emitters' listener snapshots are joined into one
 * array, joined again only when either emitter's version changed: a listener added or
 * removed (by another listener too) takes effect from the next line. A listener that throws
 * is reported by the emitter it was added to, as emit() reports it, and the others still run.
 */
export class LineFanout {
  readonly #own: Source;
  readonly #parent: Source | undefined;
  /** The sum of both versions when joined (each only grows: the sum changes with either). */
  #versions = -1;
  #listeners: readonly LineListener[] = [];
  /** The first #ownCount listeners are the program's, the rest its supervisor's. */
  #ownCount = 0;

  constructor(own: Source, parent: Source | undefined) {
    this.#own = own;
    this.#parent = parent;
  }

  /** Calls every 'log' listener with `line`. Never throws. */
  deliver(line: LogLine): void {
    if (this.#own.version + (this.#parent?.version ?? 0) !== this.#versions) this.#join();
    const listeners = this.#listeners;
    for (let i = 0; i < listeners.length; i++) {
      try {
        (listeners[i] as LineListener)(line);
      } catch (error) {
        this.#sourceOf(i).listenerFailed('log', error);
      }
    }
  }

  #sourceOf(index: number): Source {
    return index < this.#ownCount || !this.#parent ? this.#own : this.#parent;
  }

  #join(): void {
    const own = this.#own.snapshot('log');
    const parent = this.#parent?.snapshot('log') ?? [];
    this.#listeners = parent.length === 0 ? own : own.length === 0 ? parent : own.concat(parent);
    this.#ownCount = own.length;
    this.#versions = this.#own.version + (this.#parent?.version ?? 0);
  }
}
