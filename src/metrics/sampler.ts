import type { Clock, TimerHandle } from '../clock.js';
import { normalizeSampleInterval } from './options.js';
import { createProcessSource, type ProcessSource, type SourceKind } from './process-source.js';
import { identity, statsOf, uniqueTargets } from './sample-stats.js';

/** CPU and memory of one program: its main process and the whole tree below it. */
export interface ProgramStats {
  readonly name: string;
  readonly group: string;
  readonly pid: number;
  /** CPU percent of the main process (100 = one full core), to 0.1. */
  readonly cpu: number;
  /** RSS of the main process in bytes. */
  readonly memory: number;
  /** CPU percent of the main process and all its descendants, to 0.1. */
  readonly treeCpu: number;
  /** RSS of the main process and all its descendants, in bytes. */
  readonly treeMemory: number;
  /** Pids of the descendants counted (main pid excluded). */
  readonly descendants: readonly number[];
  /** Milliseconds since the main process started. */
  readonly elapsedMs: number;
  /** Epoch milliseconds of the sample (from the sampler's clock). */
  readonly time: number;
}

/** Longest run of onSample calls between two yields to the event loop. */
const DELIVERY_SLICE_MS = 1;
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A process the sampler should look at. */
export interface SampleTarget {
  readonly name: string;
  readonly group: string;
  readonly pid: number;
  /**
   * What the target stands for (its Program), the same object at every pass: targets are
   * then told apart by it rather than by a "group:name" string made per target per pass.
   */
  readonly ref?: object;
}

export interface SamplerOptions {
  /** Milliseconds between passes (from the end of one to the start of the next); 0 = off. */
  readonly intervalMs: number;
  readonly clock: Clock;
  /**
   * Called at each pass for the processes to sample, and once more when the numbers are in:
   * a sample is delivered only if its target still has the same pid (a program restarted
   * during the pass gets no sample of its old process).
   */
  targets(): Iterable<SampleTarget>;
  /** One call per target that was still alive (with the target it was taken for). */
  onSample(stats: ProgramStats, target: SampleTarget): void;
  /** Called after a whole pass, with every sample of it (possibly none). */
  onPass?(stats: readonly ProgramStats[]): void;
  /**
   * Something went wrong that is not a process exiting (that is normal and silent). The same
   * message is reported once until a pass succeeds, not at every interval.
   */
  onError(error: Error): void;
  /**
   * Where the numbers come from. 'auto' (default): one /proc scan on Linux, `ps` + pidusage
   * elsewhere. 'pidusage' forces pidusage for the numbers. Or any {@link ProcessSource}
   * (tests, benchmarks).
   */
  readonly source?: SourceKind | ProcessSource;
}

/** Counters for diagnostics and benchmarks. */
export interface SamplerInfo {
  readonly running: boolean;
  /** 'procfs', 'ps+pidusage', ...; undefined before the first pass. */
  readonly source: string | undefined;
  /** Passes completed. */
  readonly passes: number;
  /** Wall milliseconds of the last pass (mostly I/O, yielding between chunks). */
  readonly lastPassMs: number;
  /** Samples produced by the last pass. */
  readonly lastSamples: number;
}

/**
 * One batched sampling pass per interval for every running program: one process-table read
 * to find the descendants of all targets, one usage read for all their pids, then one
 * {@link ProgramStats} per target. Timers go through the injected clock, chained: the next
 * pass is scheduled when the current one has finished, so passes never overlap. Never throws
 * into the host: failures go to `onError`, processes that exit mid-pass are skipped.
 */
export class Sampler {
  readonly intervalMs: number;
  readonly #options: SamplerOptions;
  #source: ProcessSource | undefined;
  #timer: TimerHandle | undefined;
  #running = false;
  #generation = 0;
  #inFlight: Promise<readonly ProgramStats[]> | undefined;
  /** Messages reported since the last pass without errors. */
  readonly #reported = new Set<string>();
  #passes = 0;
  #lastPassMs = 0;
  #lastSamples = 0;

  /** @throws OptionError when `intervalMs` is not 0 or at least 50. */
  constructor(options: SamplerOptions) {
    this.intervalMs = normalizeSampleInterval({}, options.intervalMs);
    this.#options = options;
    if (typeof options.source === 'object') this.#source = options.source;
  }

  get running(): boolean {
    return this.#running;
  }

  get info(): SamplerInfo {
    return {
      running: this.#running,
      source: this.#source?.kind,
      passes: this.#passes,
      lastPassMs: this.#lastPassMs,
      lastSamples: this.#lastSamples,
    };
  }

  /** Starts the passes, the first one `intervalMs` from now. No-op when off or started. */
  start(): void {
    if (this.#running || this.intervalMs === 0) return;
    this.#running = true;
    this.#schedule();
  }

  /**
   * Stops the passes. A pass in flight finishes its reads but delivers nothing. Forgets every
   * per-process memory, so nothing about dead pids is kept while stopped.
   */
  stop(): void {
    this.#generation++;
    this.#running = false;
    this.#options.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#source?.clear();
  }

  /**
   * Runs a pass now (or joins the one in flight) and resolves with its samples. Works with
   * sampling off too. Never rejects.
   */
  sampleNow(): Promise<readonly ProgramStats[]> {
    this.#inFlight ??= this.#pass().finally(() => {
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }

  #schedule(): void {
    const generation = this.#generation;
    this.#timer = this.#options.clock.setTimeout(() => {
      this.#timer = undefined;
      void this.sampleNow().then(() => {
        if (this.#running && generation === this.#generation) this.#schedule();
      });
    }, this.intervalMs);
  }

  async #pass(): Promise<readonly ProgramStats[]> {
    const generation = this.#generation;
    const started = performance.now();
    const errors: Error[] = [];
    let stats: ProgramStats[] = [];
    let targets: SampleTarget[] = [];
    try {
      [stats, targets] = await this.#collect(errors);
    } catch (error) {
      errors.push(error instanceof Error ? error : new Error(String(error)));
    }
    const frozen = Object.freeze(stats);
    if (generation === this.#generation) await this.#deliver(frozen, targets, errors, generation);
    if (generation === this.#generation) {
      this.#call(errors, () => this.#options.onPass?.(frozen));
      this.#passes++;
      this.#lastPassMs = performance.now() - started;
      this.#lastSamples = frozen.length;
      this.#report(errors);
    } else if (!this.#running) {
      // stop() came during this pass, which then remembered its pids again: forget them.
      this.#source?.clear();
    }
    return frozen;
  }

  /**
   * Hands each sample to onSample, yielding to the event loop every DELIVERY_SLICE_MS (checked
   * every few samples): each sample costs a little (history, limits, the descendants kept for
   * the sweep), and one pass over many programs must not be one long task for the host.
   * Stops when the sampler is stopped meanwhile.
   */
  async #deliver(
    stats: readonly ProgramStats[],
    targets: readonly SampleTarget[],
    errors: Error[],
    generation: number,
  ): Promise<void> {
    const { onSample } = this.#options;
    let sliceStart = performance.now();
    for (let i = 0; i < stats.length; i++) {
      if (i % 8 === 0 && i > 0 && performance.now() - sliceStart >= DELIVERY_SLICE_MS) {
        await yieldToLoop();
        if (generation !== this.#generation) return;
        sliceStart = performance.now();
      }
      try {
        onSample(stats[i] as ProgramStats, targets[i] as SampleTarget);
      } catch (error) {
        errors.push(error instanceof Error ? error : new Error(String(error)));
      }
    }
  }

  /** The samples, and the target of each (same order). */
  async #collect(errors: Error[]): Promise<[ProgramStats[], SampleTarget[]]> {
    const targets = uniqueTargets(this.#options.targets());
    if (targets.length === 0) {
      this.#source?.clear();
      return [[], []];
    }
    this.#source ??= createProcessSource(
      (this.#options.source as SourceKind | undefined) ?? 'auto',
      this.intervalMs,
    );
    const roots = [...new Set(targets.map((t) => t.pid))];
    const snapshot = await this.#source.sample(roots);
    errors.push(...snapshot.errors);
    const time = this.#options.clock.now();
    // Who is still running which pid now that the numbers are in.
    const current = new Map<unknown, number>();
    for (const t of uniqueTargets(this.#options.targets())) current.set(identity(t), t.pid);
    const out: ProgramStats[] = [];
    const sampled: SampleTarget[] = [];
    for (const target of targets) {
      const main = snapshot.usage.get(target.pid);
      if (!main || current.get(identity(target)) !== target.pid) continue;
      out.push(statsOf(target, main, snapshot, time));
      sampled.push(target);
    }
    return [out, sampled];
  }

  #call(errors: Error[], fn: () => void): void {
    try {
      fn();
    } catch (error) {
      errors.push(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** Each distinct message once, until a pass without errors. */
  #report(errors: readonly Error[]): void {
    if (errors.length === 0) {
      this.#reported.clear();
      return;
    }
    for (const error of errors) {
      if (this.#reported.has(error.message)) continue;
      if (this.#reported.size >= 100) this.#reported.clear();
      this.#reported.add(error.message);
      try {
        this.#options.onError(error);
      } catch {
        // The host's error handler threw: nowhere left to report it.
      }
    }
  }
}

export { followRunningPrograms } from './sampling-follow.js';
