/** Measures a process's RSS and CPU from /proc over a window (the same way for every peer). */
import { procUsage } from './procscan.js';
import { median } from './stats.js';
import { sleep } from './util.js';

export interface Usage {
  /** Median RSS over the window, bytes. */
  readonly rss: number;
  /** CPU over the window, percent of one core. */
  readonly cpuPercent: number;
}

export async function measureUsage(pid: number, windowMs: number, everyMs = 250): Promise<Usage> {
  const start = procUsage(pid);
  if (!start) throw new Error(`process ${pid} is gone`);
  const t0 = performance.now();
  const rss: number[] = [start.rss];
  while (performance.now() - t0 < windowMs) {
    await sleep(Math.min(everyMs, windowMs));
    const u = procUsage(pid);
    if (!u) throw new Error(`process ${pid} died while measured`);
    rss.push(u.rss);
  }
  const end = procUsage(pid)!;
  const secs = (performance.now() - t0) / 1000;
  return { rss: median(rss), cpuPercent: ((end.cpuSecs - start.cpuSecs) / secs) * 100 };
}

/**
 * `measure` over each third of the next `ms` milliseconds, one after the other: a window's
 * median third is not decided by a one-off burst (V8's memory reducer, which in some runs
 * comes 25-30 s after a start, or load from elsewhere on the machine) that falls in one.
 */
export async function inThirds<T>(ms: number, measure: (ms: number) => Promise<T>): Promise<T[]> {
  const thirds: T[] = [];
  for (let i = 0; i < 3; i++) thirds.push(await measure(ms / 3));
  return thirds;
}

/** measureUsage over the thirds of `windowMs` (see inThirds): median CPU, median RSS. */
export async function medianUsage(pid: number, windowMs: number): Promise<Usage> {
  const thirds = await inThirds(windowMs, (ms) => measureUsage(pid, ms));
  return {
    rss: median(thirds.map((t) => t.rss)),
    cpuPercent: median(thirds.map((t) => t.cpuPercent)),
  };
}

export const MB = 2 ** 20;

/** When the two windows of a CPU measurement start (ms after the start) and how long they last. */
export interface Windows {
  readonly earlyAt: number;
  readonly steadyAt: number;
  readonly length: number;
}

/**
 * A figure over a first window soon after a start and over a steady one, once V8 has compiled
 * the hot code and run its post-start collections; timed from now (the start). `aroundSteady`
 * is told just before and just after the steady window.
 */
export async function firstAndSteady<T>(
  windows: Windows,
  measure: (ms: number) => Promise<T>,
  aroundSteady: (edge: 'start' | 'end') => void = () => {},
): Promise<[T, T]> {
  const t0 = performance.now();
  await sleep(windows.earlyAt);
  const first = await measure(windows.length);
  await sleep(Math.max(0, windows.steadyAt - (performance.now() - t0)));
  aroundSteady('start');
  const steady = await measure(windows.length);
  aroundSteady('end');
  return [first, steady];
}

/** Sizes from a comma-separated environment variable. */
export function envSizes(name: string, fallback: number[], quickFallback: number[]): number[] {
  const raw = process.env[name];
  if (raw) return raw.split(',').map((s) => Number(s.trim()));
  return process.env.BENCH_QUICK === '1' ? quickFallback : fallback;
}

/** Timer resolution of the event-loop delay monitors, ms. */
export const LOOP_RESOLUTION_MS = 10;

/**
 * An event-loop delay histogram's percentile in ms, beyond the timer's own period (the
 * histogram records whole intervals between timer runs).
 */
export function loopDelayMs(h: { percentile(p: number): number }, p: number): number {
  return Math.max(0, h.percentile(p) / 1e6 - LOOP_RESOLUTION_MS);
}
