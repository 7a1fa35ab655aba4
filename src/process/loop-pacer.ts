/**
 * Jobs run one per iteration of the event loop, in the order given: the host's timers get
 * their turn between two of them.
 *
 * Why: Node's child_process.spawn blocks the loop for the fork and the exec (a few
 * milliseconds, more on a busy machine). Exits of several children often come in one poll
 * phase (one SIGCHLD, a few pipe EOFs): restarting each at once would spawn them back to
 * back in one long task, and a host timer due meanwhile waits for all of them. libuv runs
 * timers, then poll, then check: a job here runs in a check phase (setImmediate), and the
 * next one in the check phase of the next iteration, after that iteration's timers. The
 * first job waits one iteration too, so that the callback which paced it (an exit seen in a
 * poll phase) and the job are not one long stretch either.
 */
export class LoopPacer {
  #queue: (() => void)[] = [];
  #head = 0;
  #scheduled = false;
  readonly #drain = () => this.#runOne();
  readonly #hop = () => setImmediate(this.#drain);
  readonly #report: (error: unknown) => void;

  /**
   * @param report where a job's throw goes (the jobs after it still run); by default it
   * becomes an unhandled rejection, as a throw in a promise callback of the host would.
   */
  constructor(report: (error: unknown) => void = rejectUnhandled) {
    this.#report = report;
  }

  /**
   * Runs `job` in the check phase of a later iteration (not this one): after the jobs given
   * before it, one per iteration.
   */
  pace(job: () => void): void {
    this.#queue.push(job);
    if (this.#scheduled) return;
    this.#scheduled = true;
    // One iteration's hop first: the work that paced the job (an exit read in this poll
    // phase) and the job itself are then split by the next iteration's timers.
    setImmediate(this.#hop);
  }

  /** Jobs not yet run. */
  get pending(): number {
    return this.#queue.length - this.#head;
  }

  #runOne(): void {
    const job = this.#queue[this.#head];
    this.#queue[this.#head++] = NOTHING;
    if (this.#head === this.#queue.length) {
      this.#queue = [];
      this.#head = 0;
    }
    // An immediate queued from a check-phase callback runs in the next iteration's check.
    if (this.pending > 0) setImmediate(this.#drain);
    else this.#scheduled = false;
    try {
      job?.();
    } catch (error) {
      this.#report(error);
    }
  }
}

function NOTHING(): void {}

function rejectUnhandled(error: unknown): void {
  void Promise.reject(error);
}

/**
 * The host's one pacer for automatic (re)starts: every program of every Supervisor in this
 * process shares the one event loop.
 */
export const restartPacer = new LoopPacer();
