import { OverseerError } from '../errors.js';
import type { DependencyCondition } from '../health/dependency-condition.js';

/* The errors of dependsOn: a dependency that is not running, one that does not exist, a cycle. */

/**
 * A program was not started because a program it depends on is not RUNNING, or cannot meet
 * its dependsOn condition ('healthy', 'completed', 'completed-successfully').
 */
export class DependencyError extends OverseerError<'DEPENDENCY_FAILED'> {
  readonly program: string;
  readonly dependency: string;
  /** The dependency's state. */
  readonly dependencyState: string;
  /** The dependsOn condition that failed ('running' unless another was given). */
  readonly condition: DependencyCondition;
  constructor(
    program: string,
    dependency: string,
    state: string,
    detail: string,
    condition: DependencyCondition = 'running',
  ) {
    const why = detail ? ` (${detail})` : '';
    super(
      'DEPENDENCY_FAILED',
      condition === 'running'
        ? `Program "${program}" was not started: its dependency "${dependency}" is ${state}${why}.`
        : `Program "${program}" was not started: its dependency "${dependency}" did not meet condition "${condition}": ${detail}.`,
    );
    this.program = program;
    this.dependency = dependency;
    this.dependencyState = state;
    this.condition = condition;
  }
}

/** dependsOn is wrong: {@link UnknownDependencyError} or {@link DependencyCycleError}. Nothing was changed. */
export class DependencyConfigError<
  C extends 'UNKNOWN_DEPENDENCY' | 'DEPENDENCY_CYCLE' = 'UNKNOWN_DEPENDENCY' | 'DEPENDENCY_CYCLE',
> extends OverseerError<C> {}

/** dependsOn names a program that is not configured. */
export class UnknownDependencyError extends DependencyConfigError<'UNKNOWN_DEPENDENCY'> {
  readonly program: string;
  /** The address in dependsOn that names nothing. */
  readonly dependency: string;
  constructor(program: string, dependency: string) {
    super(
      'UNKNOWN_DEPENDENCY',
      `Program "${program}" depends on "${dependency}", which is not configured. Add it first, or fix the name in dependsOn.`,
    );
    this.program = program;
    this.dependency = dependency;
  }
}

/** dependsOn forms a cycle. */
export class DependencyCycleError extends DependencyConfigError<'DEPENDENCY_CYCLE'> {
  /** The path ("group:name" keys), ending where it starts. */
  readonly cycle: readonly string[];
  constructor(cycle: readonly string[]) {
    super(
      'DEPENDENCY_CYCLE',
      `Dependency cycle: ${cycle.join(' -> ')}. Remove one of these dependsOn entries.`,
    );
    this.cycle = cycle;
  }
}
