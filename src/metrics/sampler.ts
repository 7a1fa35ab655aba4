import type { Clock } from '../clock.js';

/** CPU and memory of one program: its main process and the whole tree below it. */
export interface ProgramStats {
  readonly name: string;
  readonly group: string;
  readonly pid: number;
  /** CPU percent of the main process (100 = one full core). */
  readonly cpu: number;
  /** RSS of the main process in bytes. */
  readonly memory: number;
  /** CPU percent of the main process and all its descendants. */
  readonly treeCpu: number;
  /** RSS of the main process and all its descendants, in bytes. */
  readonly treeMemory: number;
  /** Pids of the descendants counted (main pid excluded). */
  readonly descendants: readonly number[];
  /** Milliseconds since the main process started. */
  readonly elapsedMs: number;
  /** Epoch milliseconds of the sample. */
  readonly time: number;
}

/** A process the sampler should look at. */
export interface SampleTarget {
  readonly name: string;
  readonly group: string;
  readonly pid: number;
}

export interface SamplerOptions {
  /** Milliseconds between passes; 0 = off. */
  readonly intervalMs: number;
  readonly clock: Clock;
  /** Called at each pass for the processes to sample. */
  targets(): Iterable<SampleTarget>;
  /** One call per target that was still alive. */
  onSample(stats: ProgramStats): void;
  /** Called after a whole pass. */
  onPass?(stats: readonly ProgramStats[]): void;
  onError(error: Error): void;
}

/** One batched sampling pass per interval for every running program. (Stub.) */
export class Sampler {
  constructor(readonly options: SamplerOptions) {}
  start(): void {}
  stop(): void {}
}
