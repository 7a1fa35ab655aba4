import {
  type Effect,
  initialContext,
  type MachineContext,
  type MachineInput,
  type MachinePolicy,
  type Transition,
} from '../../src/program/machine-types.js';
import { step } from '../../src/program/state-machine.js';

export const policy = (over: Partial<MachinePolicy> = {}): MachinePolicy => ({
  startSecs: 1,
  startRetries: 3,
  autorestart: 'unexpected',
  exitCodes: [0],
  stopWaitSecs: 10,
  backoffMs: (tries) => tries * 1000,
  ...over,
});

/** Feeds inputs to the pure machine and records every transition and effect. */
export class MachineHarness {
  ctx: MachineContext = initialContext;
  now = 0;
  readonly transitions: Transition[] = [];
  readonly effects: Effect[] = [];
  refused: string | undefined;

  constructor(readonly policy: MachinePolicy) {}

  feed(...inputs: MachineInput[]): this {
    for (const input of inputs) {
      const result = step(this.ctx, input, this.policy, this.now);
      this.refused = result.refused;
      this.ctx = result.context;
      for (const s of result.steps) {
        if (s.kind === 'transition') this.transitions.push(s.transition);
        else this.effects.push(s.effect);
      }
    }
    return this;
  }

  at(now: number): this {
    this.now = now;
    return this;
  }

  /** "FROM>TO" for each transition so far. */
  get path(): string[] {
    return this.transitions.map((t) => `${t.from}>${t.to}`);
  }

  get states(): string[] {
    return [this.transitions[0]?.from ?? this.ctx.state, ...this.transitions.map((t) => t.to)];
  }

  effectTypes(): string[] {
    return this.effects.map((e) =>
      e.type === 'startTimer' || e.type === 'cancelTimer' ? `${e.type}:${e.timer}` : e.type,
    );
  }

  clear(): this {
    this.transitions.length = 0;
    this.effects.length = 0;
    return this;
  }
}

export const start: MachineInput = { type: 'start' };
export const spawned = (pid = 100): MachineInput => ({ type: 'spawned', pid });
export const exited = (
  code: number | null,
  signal: NodeJS.Signals | null = null,
): MachineInput => ({ type: 'exited', code, signal });
export const stop: MachineInput = { type: 'stop' };
export const startSecsElapsed: MachineInput = { type: 'startSecsElapsed' };
export const retryDue: MachineInput = { type: 'retryDue' };
export const killDue: MachineInput = { type: 'killDue' };
export const spawnFailed = (error = 'boom'): MachineInput => ({ type: 'spawnFailed', error });
