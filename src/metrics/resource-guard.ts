import type { ResourceConfig } from './options.js';
import type { ProgramStats } from './sampler.js';

/** What the guard asks the Program to do after a sample. */
export type GuardVerdict =
  | { readonly action: 'none' }
  | {
      /** Restart the program, recording the exit with cause 'resource-limit'. */
      readonly action: 'restart';
      /** Readable, for logs and the event. */
      readonly reason: string;
      /** Tree memory in bytes at the deciding sample. */
      readonly memory: number;
      /** The memoryLimit in bytes. */
      readonly limit: number;
      /** Milliseconds the tree had been above the limit (0 with a sustain time of 0). */
      readonly overForMs: number;
    }
  | {
      /** Emit a CPU threshold event; nothing else. */
      readonly action: 'cpu-threshold';
      readonly reason: string;
      /** Tree CPU percent at the deciding sample. */
      readonly cpu: number;
      /** The cpuThreshold in percent of one core. */
      readonly threshold: number;
      /** Milliseconds the tree had been at or above the threshold. */
      readonly overForMs: number;
    };

const NONE: GuardVerdict = Object.freeze({ action: 'none' });

/**
 * Decides from successive samples of one process run whether its tree broke the memory limit
 * for the sustain time (restart) or crossed the CPU threshold (event). Pure: time comes from
 * `stats.time`, never from a clock.
 *
 * - Memory: the first sample above the limit opens a window; any sample at or under the limit
 *   closes it; a sample above the limit at least `memoryLimitSustainMs` after the window
 *   opened gives `restart`. At most one `restart` per process run (until {@link reset} or a
 *   new pid), so a slow graceful stop is not asked to restart again at every sample.
 * - CPU: the same window with `cpuThresholdSustainMs`, at or above the threshold; the event
 *   fires once per crossing and re-arms after a sample below the threshold.
 */
export class ResourceGuard {
  #pid: number | undefined;
  #memoryOverSince: number | undefined;
  #restartAsked = false;
  #cpuOverSince: number | undefined;
  #cpuFired = false;

  constructor(readonly config: ResourceConfig) {}

  observe(stats: ProgramStats): GuardVerdict {
    if (this.#pid !== stats.pid) {
      this.reset();
      this.#pid = stats.pid;
    }
    const memory = this.#checkMemory(stats);
    const cpu = this.#checkCpu(stats);
    // A restart wins over an alert: the process is going away anyway.
    return memory ?? cpu ?? NONE;
  }

  /** Forget history (a new process run started). */
  reset(): void {
    this.#pid = undefined;
    this.#memoryOverSince = undefined;
    this.#restartAsked = false;
    this.#cpuOverSince = undefined;
    this.#cpuFired = false;
  }

  #checkMemory(stats: ProgramStats): GuardVerdict | undefined {
    const limit = this.config.memoryLimit;
    if (limit === undefined) return undefined;
    if (stats.treeMemory <= limit) {
      this.#memoryOverSince = undefined;
      return undefined;
    }
    this.#memoryOverSince ??= stats.time;
    const overForMs = stats.time - this.#memoryOverSince;
    if (this.#restartAsked || overForMs < this.config.memoryLimitSustainMs) return undefined;
    this.#restartAsked = true;
    const processes = stats.descendants.length + 1;
    const sustained = overForMs > 0 ? ` for ${formatSeconds(overForMs)}` : '';
    return Object.freeze({
      action: 'restart',
      reason:
        `memory ${formatBytes(stats.treeMemory)} above memoryLimit ${formatBytes(limit)}` +
        `${sustained} (${processes} process${processes === 1 ? '' : 'es'})`,
      memory: stats.treeMemory,
      limit,
      overForMs,
    });
  }

  #checkCpu(stats: ProgramStats): GuardVerdict | undefined {
    const threshold = this.config.cpuThreshold;
    if (threshold === undefined) return undefined;
    if (stats.treeCpu < threshold) {
      this.#cpuOverSince = undefined;
      this.#cpuFired = false;
      return undefined;
    }
    this.#cpuOverSince ??= stats.time;
    const overForMs = stats.time - this.#cpuOverSince;
    if (this.#cpuFired || overForMs < this.config.cpuThresholdSustainMs) return undefined;
    this.#cpuFired = true;
    const sustained = overForMs > 0 ? ` for ${formatSeconds(overForMs)}` : '';
    return Object.freeze({
      action: 'cpu-threshold',
      reason: `CPU ${stats.treeCpu.toFixed(1)}% at or above cpuThreshold ${threshold}%${sustained}`,
      cpu: stats.treeCpu,
      threshold,
      overForMs,
    });
  }
}

/** `'612.4 MB'` style, powers of 1024 like the option units. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || Number.isInteger(value) ? 0 : 1;
  return `${value.toFixed(digits)} ${units[unit]}`;
}

function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}
