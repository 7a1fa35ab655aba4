import { parseByteSize } from '../options/units.js';
import { fail, type OptionContext, optSeconds } from '../options/validate.js';

/**
 * Resource options of a program (see docs/resources.md). Every limit applies to the whole
 * process tree: the main process and all its descendants. Limits need sampling, which the
 * Supervisor does every `sampleIntervalMs` (default 1000 ms).
 */
export interface ResourceOptions {
  /**
   * Restart the program when the resident memory (RSS) of its process tree stays above this
   * size for `memoryLimitSustainSecs`. A number of bytes, or a string with a KB/MB/GB suffix
   * (powers of 1024): `'512MB'`. At least 1 MB. The restart is a graceful stop as configured
   * (stopSignal, stopWaitSecs), and the exit is recorded with cause `'resource-limit'`.
   * @default undefined (no limit)
   */
  memoryLimit?: number | string;
  /**
   * Seconds the tree's memory must stay above `memoryLimit` before the restart. 0 restarts at
   * the first sample above the limit, so the reaction time is at most one sampling interval;
   * raise it to ride out short spikes. Needs `memoryLimit`.
   * @default 0
   */
  memoryLimitSustainSecs?: number;
  /**
   * Emit a CPU threshold event when the CPU of the process tree stays at or above this
   * percentage of one core (100 = one full core; a tree can exceed 100) for
   * `cpuThresholdSustainSecs`. An alert only: nothing is restarted. Fires once per crossing:
   * the tree must drop below the threshold before it can fire again.
   * @default undefined (no threshold)
   */
  cpuThreshold?: number;
  /**
   * Seconds the tree's CPU must stay at or above `cpuThreshold` before the event. Non-zero by
   * default so that a busy start-up does not raise an alert. Needs `cpuThreshold`.
   * @default 5
   */
  cpuThresholdSustainSecs?: number;
}

/** Normalized resource options: bytes and milliseconds. */
export interface ResourceConfig {
  /** Bytes; undefined = no limit. */
  readonly memoryLimit: number | undefined;
  readonly memoryLimitSustainMs: number;
  /** Percent of one core; undefined = no threshold. */
  readonly cpuThreshold: number | undefined;
  readonly cpuThresholdSustainMs: number;
}

export const RESOURCE_OPTION_KEYS: readonly string[] = Object.freeze([
  'memoryLimit',
  'memoryLimitSustainSecs',
  'cpuThreshold',
  'cpuThresholdSustainSecs',
]);

/** Default of `memoryLimitSustainSecs`. */
export const DEFAULT_MEMORY_LIMIT_SUSTAIN_SECS = 0;
/** Default of `cpuThresholdSustainSecs`. */
export const DEFAULT_CPU_THRESHOLD_SUSTAIN_SECS = 5;
/** Smallest accepted `memoryLimit`: anything below is almost surely a unit mistake. */
export const MIN_MEMORY_LIMIT = 1024 * 1024;

/** The config of a program that sets no resource option. */
export const NO_RESOURCE_LIMITS: ResourceConfig = Object.freeze({
  memoryLimit: undefined,
  memoryLimitSustainMs: DEFAULT_MEMORY_LIMIT_SUSTAIN_SECS * 1000,
  cpuThreshold: undefined,
  cpuThresholdSustainMs: DEFAULT_CPU_THRESHOLD_SUSTAIN_SECS * 1000,
});

export function normalizeResourceOptions(
  ctx: OptionContext,
  input: Record<string, unknown>,
): ResourceConfig {
  const memoryLimit = normalizeMemoryLimit(ctx, input.memoryLimit);
  const cpuThreshold = normalizeCpuThreshold(ctx, input.cpuThreshold);
  const memorySustain = optSeconds(
    ctx,
    'memoryLimitSustainSecs',
    input.memoryLimitSustainSecs,
    DEFAULT_MEMORY_LIMIT_SUSTAIN_SECS,
  );
  const cpuSustain = optSeconds(
    ctx,
    'cpuThresholdSustainSecs',
    input.cpuThresholdSustainSecs,
    DEFAULT_CPU_THRESHOLD_SUSTAIN_SECS,
  );
  if (memoryLimit === undefined && input.memoryLimitSustainSecs !== undefined) {
    fail(
      ctx,
      'memoryLimitSustainSecs',
      input.memoryLimitSustainSecs,
      'It only applies with a memoryLimit: set memoryLimit too (like "512MB"), or drop memoryLimitSustainSecs.',
    );
  }
  if (cpuThreshold === undefined && input.cpuThresholdSustainSecs !== undefined) {
    fail(
      ctx,
      'cpuThresholdSustainSecs',
      input.cpuThresholdSustainSecs,
      'It only applies with a cpuThreshold: set cpuThreshold too (like 90), or drop cpuThresholdSustainSecs.',
    );
  }
  if (memoryLimit === undefined && cpuThreshold === undefined) return NO_RESOURCE_LIMITS;
  return Object.freeze({
    memoryLimit,
    memoryLimitSustainMs: Math.round(memorySustain * 1000),
    cpuThreshold,
    cpuThresholdSustainMs: Math.round(cpuSustain * 1000),
  });
}

/** True when the config has a limit or threshold, which only works with sampling on. */
export function needsSampling(config: ResourceConfig): boolean {
  return config.memoryLimit !== undefined || config.cpuThreshold !== undefined;
}

function normalizeMemoryLimit(ctx: OptionContext, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const bytes = parseByteSize(value);
  if (bytes === undefined) {
    fail(
      ctx,
      'memoryLimit',
      value,
      'Use a number of bytes or a string like "512MB" (units KB, MB, GB), or leave memoryLimit out for no limit.',
    );
  }
  if (bytes < MIN_MEMORY_LIMIT) {
    const guess =
      typeof value === 'number' && value >= 1
        ? ` Did you mean "${value}MB"?`
        : ' Use at least "1MB".';
    fail(
      ctx,
      'memoryLimit',
      value,
      `That is below 1 MB, which no program fits in (a bare number counts bytes).${guess} Leave memoryLimit out for no limit.`,
    );
  }
  return bytes;
}

function normalizeCpuThreshold(ctx: OptionContext, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    fail(
      ctx,
      'cpuThreshold',
      value,
      'Use a percentage of one core above 0, like 90 (a tree using two full cores is at 200), or leave cpuThreshold out.',
    );
  }
  return value;
}

/** Default of the Supervisor's `sampleIntervalMs`. */
export const DEFAULT_SAMPLE_INTERVAL_MS = 1000;
/** Smallest non-zero sampling interval. */
export const MIN_SAMPLE_INTERVAL_MS = 50;

/**
 * Validates the Supervisor's `sampleIntervalMs`: 0 turns sampling off, otherwise at least
 * {@link MIN_SAMPLE_INTERVAL_MS} milliseconds.
 */
export function normalizeSampleInterval(ctx: OptionContext, value: unknown): number {
  if (value === undefined) return DEFAULT_SAMPLE_INTERVAL_MS;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (value === 0 || value >= MIN_SAMPLE_INTERVAL_MS);
  if (!ok) {
    fail(
      ctx,
      'sampleIntervalMs',
      value,
      `Use 0 to turn sampling off, or a number of milliseconds >= ${MIN_SAMPLE_INTERVAL_MS}, for example sampleIntervalMs: ${DEFAULT_SAMPLE_INTERVAL_MS}.`,
    );
  }
  return value;
}
