/** The builder of one step of the state machine (state-machine.ts): context changes and steps. */
import type { ProcessState } from '../states.js';
import type { Effect, MachineContext, MachinePolicy, Step, Transition } from './machine-types.js';

/**
 * Collects the context changes and steps of one input. Pure: lives for one call, and copies
 * the context it was given once, at the first change (the given one is never written).
 */
export class Builder {
  ctx: MachineContext;
  readonly steps: Step[] = [];
  #copied = false;

  constructor(
    ctx: MachineContext,
    readonly policy: MachinePolicy,
    readonly now: number,
  ) {
    this.ctx = ctx;
  }

  set(fields: Partial<MachineContext>): this {
    Object.assign(this.#own(), fields);
    return this;
  }

  /** This call's own copy of the context, to change in place. */
  #own(): { -readonly [K in keyof MachineContext]: MachineContext[K] } {
    if (!this.#copied) {
      this.ctx = { ...this.ctx };
      this.#copied = true;
    }
    return this.ctx;
  }

  go(to: ProcessState, extra: Partial<Omit<Transition, 'from' | 'to' | 'tries'>> = {}): this {
    const from = this.ctx.state;
    // The reason of FATAL and UNKNOWN stays in the context (info().reason) until they end.
    const reason = to === 'FATAL' || to === 'UNKNOWN' ? extra.reason : undefined;
    Object.assign(this.#own(), { state: to, reason });
    const pid = extra.pid ?? this.ctx.pid;
    this.steps.push({
      kind: 'transition',
      transition: { from, to, tries: this.ctx.tries, ...extra, pid },
    });
    return this;
  }

  do(effect: Effect): this {
    this.steps.push({ kind: 'effect', effect });
    return this;
  }
}
