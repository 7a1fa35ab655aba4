/** What follows programs: the supervisor's sampler. */
export interface Followed {
  start(): void;
  stop(): void;
}

/** A program as its events name it. */
export interface ProgramRef {
  readonly name: string;
  readonly group: string;
}

/** Where it looks a program up (the supervisor's roster). */
export interface ProcessLookup {
  keyOf(program: ProgramRef): string;
  /** The program has a process now. */
  hasProcess(key: string): boolean;
}

/** The events it watches (a Supervisor's own emitter, which every program forwards to). */
export interface ProgramEvents {
  on(event: 'spawn', listener: (info: ProgramRef) => void): unknown;
  on(event: 'state', listener: (change: ProgramRef) => void): unknown;
}

/**
 * Sampling follows every running program however it was started (`supervisor.start()`,
 * `program.start()`, a group's start, a restart): the first spawn starts the sampler, and it
 * stops once no program has a process (so an idle host is not kept alive by its timer).
 * Memory limits, CPU thresholds and the descendant tracking then work for all of them.
 *
 * The programs with a process are counted as they spawn and lose it, so a state change costs
 * the same however many programs there are (a look at all of them at every change made the
 * stop of N programs cost N^2 / 2 looks).
 */
export function followRunningPrograms(
  events: ProgramEvents,
  sampler: Followed,
  programs: ProcessLookup,
): void {
  const withProcess = new Set<string>();
  events.on('spawn', (info) => {
    withProcess.add(programs.keyOf(info));
    sampler.start();
  });
  events.on('state', (change) => {
    if (withProcess.size > 0) {
      const key = programs.keyOf(change);
      if (!programs.hasProcess(key)) withProcess.delete(key);
    }
    if (withProcess.size === 0) sampler.stop();
  });
}
