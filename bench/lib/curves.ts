/** Scale curves: cost per program, least-squares slope, and a check for N^2 growth. Pure. */

export interface Point {
  /** Programs. */
  readonly n: number;
  /** Milliseconds. */
  readonly ms: number;
}

/** Least-squares slope of ms over n: milliseconds per added program. NaN under 2 points. */
export function slope(points: readonly Point[]): number {
  const ok = points.filter((p) => Number.isFinite(p.ms));
  if (ok.length < 2) return Number.NaN;
  const mx = ok.reduce((a, p) => a + p.n, 0) / ok.length;
  const my = ok.reduce((a, p) => a + p.ms, 0) / ok.length;
  let num = 0;
  let den = 0;
  for (const p of ok) {
    num += (p.n - mx) * (p.ms - my);
    den += (p.n - mx) ** 2;
  }
  return den === 0 ? Number.NaN : num / den;
}

/** Below this, a figure is timer noise: not judged. */
const FLOOR_MS = 1;

/**
 * Growth of the cost per program between the two largest sizes (both >= 100): about 1 for a
 * linear cost (less with a fixed part), about their ratio (2 for 1,000 -> 2,000) when the cost
 * grows as N^2. NaN when there is not enough to judge.
 */
export function perProgramGrowth(points: readonly Point[]): number {
  const big = points.filter((p) => p.n >= 100 && Number.isFinite(p.ms)).sort((a, b) => a.n - b.n);
  const last = big.at(-1);
  const prev = big.at(-2);
  if (!last || !prev || last.ms < FLOOR_MS) return Number.NaN;
  return last.ms / last.n / (prev.ms / prev.n);
}

/** Cost per program grows with N: 1.5x or more between the two largest sizes. */
export const growsWithN = (points: readonly Point[]) => perProgramGrowth(points) >= 1.5;
