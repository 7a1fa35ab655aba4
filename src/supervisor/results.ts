import type { OverseerError } from '../errors.js';
import type { Program } from '../program/program.js';
import type { ProcessState } from '../states.js';

/** Outcome of one program in a batch (supervisor or group start/stop/signal). */
export interface ProcessResult {
  readonly name: string;
  readonly group: string;
  readonly ok: boolean;
  /** The program's state when its part of the batch settled. */
  readonly state: ProcessState;
  readonly error?: OverseerError | Error;
}

/** Runs an action on a program and turns its outcome into a result; never rejects. */
export async function settle(program: Program, action: () => unknown): Promise<ProcessResult> {
  try {
    await action();
    return { name: program.name, group: program.group, ok: true, state: program.state };
  } catch (error) {
    return {
      name: program.name,
      group: program.group,
      ok: false,
      state: program.state,
      error: error as Error,
    };
  }
}
