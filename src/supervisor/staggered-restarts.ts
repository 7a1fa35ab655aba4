import type { ExitCause } from '../events.js';
import type { Program } from '../program/program.js';

/**
 * Scheduled restarts, one group member at a time: members that fall due together (a pool on
 * one restartSchedule) queue up, and each restarts only once the previous one is RUNNING
 * again. A member no longer RUNNING when its turn comes is skipped.
 */
export class StaggeredRestarts {
  readonly #queues = new Map<string, Promise<void>>();

  constructor(
    private readonly restart: (program: Program, cause: ExitCause) => Promise<unknown>,
    private readonly error: (error: Error) => void,
    private readonly shuttingDown: () => boolean,
  ) {}

  due(program: Program, cause: ExitCause): void {
    const group = program.group;
    const turn = (this.#queues.get(group) ?? Promise.resolve())
      .then(async () => {
        if (program.state === 'RUNNING' && !this.shuttingDown()) {
          await this.restart(program, cause);
        }
      })
      .catch((error: Error) => this.error(error));
    this.#queues.set(group, turn);
    void turn.then(() => {
      if (this.#queues.get(group) === turn) this.#queues.delete(group);
    });
  }
}
