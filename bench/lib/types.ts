/**
 * The scenario contract. A scenario is one file, `bench/scenarios/<name>.ts`, whose default
 * export is a `Scenario`. The runner (`bench/run.ts`) gives it a `Context` and renders the
 * `Result` it returns into docs/benchmarks.md.
 */

/** One markdown table: a header row and rows of cells (numbers are formatted by the runner). */
export interface Table {
  /** Optional heading printed above the table. */
  readonly title?: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number | null)[])[];
}

/** "overseer is 3.2x faster than pm2 at p50": a figure compared with another one. */
export interface Ratio {
  /** What is compared, e.g. 'p50 crash-to-respawn, overseer / pm2'. */
  readonly label: string;
  /** The quotient (ours / theirs). */
  readonly value: number;
  /** How to read it, e.g. 'lower is better' or 'target < 1.5'. */
  readonly note?: string;
}

/** A goal of an issue, e.g. 'stop of 100 at most 2x raw', and what this run measured of it. */
export interface Goal {
  /** The goal as the issue states it, e.g. 'stop of 100: overseer / raw <= 2'. */
  readonly goal: string;
  /** The measured figure or ratio, formatted, e.g. '1.84x (16.9 ms / 9.2 ms)'. */
  readonly measured: string;
  /** Whether this run met it. */
  readonly met: boolean;
}

export interface Result {
  /** One or more tables (medians over repeated runs, as the scenario describes). */
  readonly tables: readonly Table[];
  /** Ratios to each peer and to the physical limit. */
  readonly ratios: readonly Ratio[];
  /** Free text: method, caveats, targets met or missed, sizes used. One bullet each. */
  readonly notes: readonly string[];
  /** The issue goals this scenario measures; the runner also gathers them into one summary. */
  readonly goals?: readonly Goal[];
}

/** Versions of everything measured, as installed. */
export interface PeerVersions {
  readonly overseer: string;
  readonly supervisord: string;
  readonly pm2: string;
  readonly 'forever-monitor': string;
  readonly respawn: string;
  readonly node: string;
}

export interface Context {
  /** Scenario name. */
  readonly name: string;
  /** A fresh temporary directory for this scenario (removed by the runner afterwards). */
  readonly tmpDir: string;
  /**
   * A unique tag for this scenario run. `process.env.BENCH_TAG` is set to it while the
   * scenario runs, so every process started by any peer inherits it; the leak check finds
   * leftovers by this variable in /proc/<pid>/environ.
   */
  readonly tag: string;
  /** Absolute path of bench/fixtures. */
  readonly fixtures: string;
  readonly versions: PeerVersions;
  /** True for `BENCH_QUICK=1`: scenarios shrink their sizes for a smoke run. */
  readonly quick: boolean;
  /** Integer from the environment variable `name`, or `fallback` (and `quickFallback` when quick). */
  envInt(name: string, fallback: number, quickFallback?: number): number;
  /** Run `fn` n times (sequentially) and return the median of each numeric field. */
  repeat<T extends Record<string, number>>(n: number, fn: (i: number) => Promise<T>): Promise<T>;
  /** Register a cleanup; run in reverse order after the scenario, even when it throws. */
  onCleanup(fn: () => unknown | Promise<unknown>): void;
  /**
   * Assert that no process started by this scenario is alive (waits up to `graceMs` for
   * exiting processes). Throws, naming every leftover, after killing them. The runner calls
   * it after every scenario's cleanups; scenarios may call it between peers too.
   */
  assertNoLeaks(what?: string, graceMs?: number): Promise<void>;
  /** Progress output (stderr), not part of the report. */
  log(message: string): void;
}

export interface Scenario {
  /** File name without .ts, used on the command line: `npm run bench -- crash-respawn`. */
  readonly name: string;
  /** Heading in docs/benchmarks.md. */
  readonly title: string;
  /** What is measured and how, in a sentence or three (markdown). */
  readonly description: string;
  run(ctx: Context): Promise<Result>;
}
