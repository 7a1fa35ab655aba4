import type { Clock, TimerHandle } from '../clock.js';

export const TICK_PERIODS = [5, 60, 3600] as const;
export type TickPeriod = (typeof TICK_PERIODS)[number];

/**
 * supervisord's TICK_5, TICK_60 and TICK_3600: one event each time the wall clock enters a
 * new period (a multiple of 5 s, a minute, an hour), `when` being the period's start in
 * epoch seconds. One timer to the next boundary, no polling.
 */
export class Ticker {
  readonly #timers = new Map<TickPeriod, TimerHandle>();

  constructor(
    readonly clock: Clock,
    readonly onTick: (period: TickPeriod, when: number) => void,
  ) {}

  get running(): boolean {
    return this.#timers.size > 0;
  }

  start(periods: readonly TickPeriod[] = TICK_PERIODS): void {
    for (const period of periods) if (!this.#timers.has(period)) this.#schedule(period);
  }

  stop(): void {
    for (const timer of this.#timers.values()) this.clock.clearTimeout(timer);
    this.#timers.clear();
  }

  #schedule(period: TickPeriod): void {
    const ms = period * 1000;
    const now = this.clock.now();
    const next = (Math.floor(now / ms) + 1) * ms;
    const timer = this.clock.setTimeout(() => {
      this.#schedule(period);
      this.onTick(period, next / 1000);
    }, next - now);
    this.#timers.set(period, timer);
  }
}
