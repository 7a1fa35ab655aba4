/** What follows programs: the supervisor's sampler. */
export interface Followed {
  start(): void;
  stop(): void;
}

/** The events it watches (a Supervisor's own emitter, which every program forwards to). */
export interface ProgramEvents {
  on(event: 'spawn', listener: () => void): unknown;
  on(event: 'state', listener: () => void): unknown;
}

/**
 * Sampling follows every running program however it was started (`supervisor.start()`,
 * `program.start()`, a group's start, a restart): the first spawn starts the sampler, and it
 * stops once no program has a process (so an idle host is not kept alive by its timer).
 * Memory limits, CPU thresholds and the descendant tracking then work for all of them.
 */
export function followRunningPrograms(
  events: ProgramEvents,
  sampler: Followed,
  anyProcess: () => boolean,
): void {
  events.on('spawn', () => sampler.start());
  events.on('state', () => {
    if (!anyProcess()) sampler.stop();
  });
}
