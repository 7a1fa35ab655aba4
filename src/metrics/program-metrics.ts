import type { ResourceConfig } from './options.js';
import type { GuardVerdict } from './resource-guard.js';
import type { ProgramStats } from './sampler.js';

/**
 * The resource side of one program: latest sample, a short history, and the guard that
 * decides on memory-limit restarts. The Program delegates to it. (Stub.)
 */
export class ProgramMetrics {
  #latest: ProgramStats | undefined;

  constructor(
    readonly config: ResourceConfig,
    readonly historySize: number,
  ) {}

  /** Latest frozen sample, undefined before the first one. */
  get latest(): ProgramStats | undefined {
    return this.#latest;
  }

  /** Oldest first. */
  get history(): readonly ProgramStats[] {
    return this.#latest ? [this.#latest] : [];
  }

  /** Records a sample and says whether the program must be restarted. */
  observe(stats: ProgramStats): GuardVerdict {
    this.#latest = stats;
    return { action: 'none' };
  }

  /** A new process run started: forget the guard's history (keep the samples). */
  reset(): void {}
}
