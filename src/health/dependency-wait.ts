import {
  type ConditionVerdict,
  type DependencyCondition,
  type DependencyView,
  evaluateCondition,
} from './dependency-condition.js';

/** A dependency as the wait sees it: its view now, and a way to hear when it may change. */
export interface WaitableDependency {
  view(): DependencyView;
  /** Calls `fn` after each state or health change; returns the unsubscribe function. */
  onChange(fn: () => void): () => void;
}

/**
 * Resolves once the dependency meets the condition, or with the reason it cannot: at once
 * when it can be told now, otherwise at the first state or health change that decides.
 * Never rejects. A dependency that is stopped while waited on fails the wait, so a
 * supervisor stop ends every wait.
 */
export function awaitCondition(
  dep: WaitableDependency,
  condition: DependencyCondition,
): Promise<Exclude<ConditionVerdict, { kind: 'pending' }>> {
  const now = evaluateCondition(condition, dep.view());
  if (now.kind !== 'pending') return Promise.resolve(now);
  return new Promise((resolve) => {
    const unsubscribe = dep.onChange(() => {
      const verdict = evaluateCondition(condition, dep.view());
      if (verdict.kind === 'pending') return;
      unsubscribe();
      resolve(verdict);
    });
  });
}

/** A dependency as a Program exposes it (structural, so health does not import Program). */
export interface DependencyProgram {
  readonly name: string;
  readonly group: string;
  readonly state: DependencyView['state'];
  readonly lastExit: DependencyView['lastExit'];
  readonly config: { readonly exitCodes: readonly number[] };
  info(): { readonly healthy: boolean };
  on(event: 'state' | 'health', listener: () => void): () => void;
}

/** The condition `program` sets on `dep`, by the dependsOn address that names it. */
export function conditionOn(
  program: {
    readonly config: {
      readonly dependencyConditions: Readonly<Record<string, DependencyCondition>>;
    };
  },
  dep: Pick<DependencyProgram, 'name' | 'group'>,
): DependencyCondition {
  const addresses = [`${dep.group}:${dep.name}`, dep.name, `${dep.group}:*`, dep.group];
  const conditions = program.config.dependencyConditions;
  for (const address of addresses) {
    const condition = conditions[address];
    if (condition) return condition;
  }
  return 'running';
}

export function waitable(dep: DependencyProgram): WaitableDependency {
  return {
    view: () => ({
      state: dep.state,
      lastExit: dep.lastExit,
      healthy: dep.info().healthy,
      exitCodes: dep.config.exitCodes,
    }),
    onChange: (fn) => {
      const offState = dep.on('state', fn);
      const offHealth = dep.on('health', fn);
      return () => {
        offState();
        offHealth();
      };
    },
  };
}
