import type { Clock } from '../clock.js';
import { LogWriteError } from './errors.js';

/** After a failure, a log target is tried again at the first write this late (ms). */
export const LOG_RETRY_MS = 1000;

/**
 * The failures of one log target, in episodes: the first failure of an episode is reported
 * (a LogWriteError), later ones only push back the next attempt by `retryMs`, and the first
 * write that goes through ends the episode.
 */
/** Where an episode's failures are reported. */
export interface EpisodeTarget {
  readonly program: string;
  readonly file: string;
  readonly clock: Clock;
  readonly onError: (error: Error) => void;
}

export class FailureEpisode {
  /** Time of the last failure, -1 while healthy. */
  #failedAt = -1;
  #reported = false;

  readonly #target: EpisodeTarget;
  readonly #retryMs: number;

  constructor(target: EpisodeTarget, retryMs: number) {
    this.#target = target;
    this.#retryMs = retryMs;
  }

  /** False while a failure is recent: do not try to open the target yet. */
  get mayRetry(): boolean {
    return this.#failedAt < 0 || this.#target.clock.now() - this.#failedAt >= this.#retryMs;
  }

  /** True once anything failed (a target that is not reopened checks this). */
  get failed(): boolean {
    return this.#failedAt >= 0;
  }

  fail(problem: string, cause: unknown): void {
    this.#failedAt = this.#target.clock.now();
    if (this.#reported) return;
    this.#reported = true;
    const { program, file, onError } = this.#target;
    onError(new LogWriteError(program, file, problem, cause));
  }

  /** The target opened: it may be tried at once again. */
  opened(): void {
    this.#failedAt = -1;
  }

  /** A write went through: the next failure starts a new episode. */
  succeeded(): void {
    this.#reported = false;
  }
}
