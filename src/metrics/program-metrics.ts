import { SampleHistory } from './history.js';
import type { ResourceConfig } from './options.js';
import { type GuardVerdict, ResourceGuard } from './resource-guard.js';
import type { ProgramStats } from './sampler.js';

/** Default number of samples a program keeps (one minute at the default 1 Hz). */
export const DEFAULT_STATS_HISTORY_SIZE = 60;

const NONE: GuardVerdict = Object.freeze({ action: 'none' });

/**
 * The resource side of one program: latest sample, a bounded history, and the guard that
 * decides on memory-limit restarts and CPU threshold events. The Program delegates to it:
 *
 * ```ts
 * const metrics = new ProgramMetrics(config.resources, historySize);
 * // on spawn:            metrics.reset(pid)
 * // on each sample:      const verdict = metrics.observe(stats)
 * ```
 */
export class ProgramMetrics {
  readonly #ring: SampleHistory;
  /** Only with a memoryLimit or a cpuThreshold: without them every verdict is none. */
  readonly #guard: ResourceGuard | undefined;
  #pid: number | undefined;

  /**
   * @param historySize samples kept in {@link history}, oldest dropped first; 0 keeps only
   * {@link latest}.
   */
  constructor(
    readonly config: ResourceConfig,
    readonly historySize: number = DEFAULT_STATS_HISTORY_SIZE,
  ) {
    this.#ring = new SampleHistory(historySize);
    const limited = config.memoryLimit !== undefined || config.cpuThreshold !== undefined;
    this.#guard = limited ? new ResourceGuard(config) : undefined;
  }

  /** Latest frozen sample, undefined before the first one. Kept after the process exits. */
  get latest(): ProgramStats | undefined {
    return this.#latest;
  }

  #latest: ProgramStats | undefined;

  /** Up to `historySize` samples, oldest first, across process runs. A new array each call. */
  get history(): readonly ProgramStats[] {
    return this.#ring.toArray();
  }

  /**
   * Records a sample and says what the Program must do. After `reset(pid)`, samples of any
   * other pid (a pass that started before a restart) are ignored: not recorded, verdict none.
   */
  observe(stats: ProgramStats): GuardVerdict {
    if (this.#pid !== undefined && stats.pid !== this.#pid) return NONE;
    this.#latest = stats;
    this.#ring.push(stats);
    return this.#guard?.observe(stats) ?? NONE;
  }

  /**
   * A new process run started: forget the guard's windows (keep the samples). Pass the new
   * pid so that late samples of the previous process are ignored.
   */
  reset(pid?: number): void {
    this.#pid = pid !== undefined && pid > 0 ? pid : undefined;
    this.#guard?.reset();
  }
}
