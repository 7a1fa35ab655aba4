import type { Clock, TimerHandle } from '../clock.js';
import type { ProbeOutcome } from './probe-attempt.js';

export interface SilenceWatchOptions {
  readonly clock: Clock;
  readonly silenceMs: number;
  /** While the silence lasts, one more failure every periodMs. */
  readonly periodMs: number;
  /** A failure when silence passes silenceMs (and every periodMs after); ok when it ends. */
  readonly onOutcome: (outcome: ProbeOutcome) => void;
}

/**
 * systemd's watchdog, fed by output: no output and no IPC message for silenceMs is a
 * failure. activity() only records the time (cheap enough for every chunk); a single timer
 * re-arms itself for the remaining time when it finds activity since it was set.
 */
export class SilenceWatch {
  readonly #opts: SilenceWatchOptions;
  #timer: TimerHandle | undefined;
  #last = 0;
  #silent = false;

  constructor(options: SilenceWatchOptions) {
    this.#opts = options;
  }

  start(): void {
    this.stop();
    this.#last = this.#opts.clock.now();
    this.#silent = false;
    this.#arm(this.#opts.silenceMs);
  }

  stop(): void {
    this.#opts.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** The program wrote something or sent a message. */
  activity(): void {
    if (this.#timer === undefined) return;
    this.#last = this.#opts.clock.now();
    if (!this.#silent) return;
    this.#silent = false;
    this.#opts.onOutcome({ ok: true, message: 'output again after silence' });
    this.stop();
    this.#arm(this.#opts.silenceMs);
  }

  #arm(ms: number): void {
    this.#timer = this.#opts.clock.setTimeout(() => this.#fire(), ms);
  }

  #fire(): void {
    const { clock, silenceMs, periodMs } = this.#opts;
    const quietFor = clock.now() - this.#last;
    if (quietFor < silenceMs) {
      this.#arm(silenceMs - quietFor);
      return;
    }
    this.#silent = true;
    this.#arm(periodMs);
    this.#opts.onOutcome({
      ok: false,
      message: `no output or heartbeat for ${formatSecs(quietFor)} (silenceSecs ${formatSecs(silenceMs)})`,
    });
  }
}

const formatSecs = (ms: number) => `${Number((ms / 1000).toFixed(3))} s`;
