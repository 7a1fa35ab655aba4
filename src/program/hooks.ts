import { type Clock, SystemClock } from '../clock.js';
import { HookError } from '../errors.js';
import type { ExitInfo } from '../events.js';
import { fail, isPlainObject, type OptionContext, optSeconds } from '../options/validate.js';
import type { Program } from './program.js';
import { withTimeout } from './wait-for.js';

/**
 * Why a hook runs: who asked for the start or stop.
 * - `user`: start() / stop() (also a group's or `supervisor.start()`'s start);
 * - `restart`: restart(), a rolling restart, a group strategy, maxRuntimeSecs, restartSchedule;
 * - `shutdown`: `supervisor.stop()` and disposal;
 * - `resource-limit`: memory over `memoryLimit`;
 * - `liveness`: a failing liveness probe;
 * - `exit` (afterExit only): the process ended on its own, nobody asked.
 */
export type HookReason = 'user' | 'restart' | 'shutdown' | 'resource-limit' | 'liveness' | 'exit';

/** A hook: may be async; its result is ignored, a throw or rejection is a failure. */
export type Hook = (program: Program, reason: HookReason) => unknown;

/**
 * Lifecycle hooks (systemd's ExecStartPre / ExecStartPost / ExecStop / ExecStopPost, as
 * functions). Beyond supervisord, opt-in.
 */
export interface ProgramHooks {
  /** Before a start is carried out. Throwing (or timing out) vetoes it: HOOK_FAILED. */
  beforeStart?: Hook;
  /** Once the started process is RUNNING (and ready). Failures are `error` events. */
  afterStart?: Hook;
  /** Before the stop signal: drain, deregister. The signal waits for it (hookTimeoutSecs). */
  beforeStop?: Hook;
  /** After every exit, requested or not, with how it ended. Failures are `error` events. */
  afterExit?: (program: Program, reason: HookReason, exit: ExitInfo) => unknown;
}

export type HookName = keyof ProgramHooks;

/** The hook options of a program. */
export interface HookOptions {
  /** Lifecycle hooks. Beyond supervisord, opt-in. */
  hooks?: ProgramHooks;
  /** Seconds a hook may take before it counts as failed; 0 = no limit. @default 30 */
  hookTimeoutSecs?: number;
}

/** Hooks, normalized. */
export interface HookConfig {
  readonly hooks: Readonly<ProgramHooks>;
  /** 0 = no limit. */
  readonly timeoutMs: number;
}

export const HOOK_OPTION_KEYS = ['hooks', 'hookTimeoutSecs'] as const;
const HOOK_NAMES: readonly HookName[] = ['beforeStart', 'afterStart', 'beforeStop', 'afterExit'];
const FIX = 'Use { beforeStart?, afterStart?, beforeStop?, afterExit? }, each an (async) function.';

/** Validates `hooks` and `hookTimeoutSecs` (default 30, 0 = no limit). */
export function normalizeHooks(
  ctx: OptionContext,
  input: Record<string, unknown>,
): HookConfig | undefined {
  const timeoutSecs = optSeconds(ctx, 'hookTimeoutSecs', input.hookTimeoutSecs, 30);
  const value = input.hooks;
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) fail(ctx, 'hooks', value, FIX);
  for (const [key, fn] of Object.entries(value)) {
    if (!HOOK_NAMES.includes(key as HookName)) {
      fail(ctx, `hooks.${key}`, fn, `"${key}" is not a hook. ${FIX}`);
    }
    if (typeof fn !== 'function') fail(ctx, `hooks.${key}`, fn, 'Use a function, or leave it out.');
  }
  const hooks = Object.freeze({ ...value }) as Readonly<ProgramHooks>;
  return Object.freeze({ hooks, timeoutMs: Math.round(timeoutSecs * 1000) });
}

/**
 * Runs one program's hooks, each bounded by hookTimeoutSecs through the clock. beforeStart
 * rejects with a HookError (the veto); the others never reject: a failure is reported and
 * supervision goes on.
 */
export class HookRunner {
  constructor(
    private readonly config: HookConfig | undefined,
    private readonly program: () => Program,
    private readonly clock: Clock,
    private readonly report: (error: HookError) => void,
  ) {}

  has(name: HookName): boolean {
    return this.config?.hooks[name] !== undefined;
  }

  /** Rejects with HOOK_FAILED when the hook throws or times out: the start must not happen. */
  async beforeStart(reason: HookReason): Promise<void> {
    await this.#run('beforeStart', reason);
  }

  /** Resolves once the hook settled or timed out (then reported); never rejects. */
  async beforeStop(reason: HookReason): Promise<void> {
    await this.#run('beforeStop', reason).catch((error: HookError) => this.report(error));
  }

  /** Runs in the background; a failure is reported. */
  afterStart(reason: HookReason): void {
    if (this.has('afterStart'))
      void this.#run('afterStart', reason).catch((e: HookError) => this.report(e));
  }

  /** Runs in the background; a failure is reported. */
  afterExit(reason: HookReason, exit: ExitInfo): void {
    if (this.has('afterExit'))
      void this.#run('afterExit', reason, exit).catch((e: HookError) => this.report(e));
  }

  #run(name: HookName, reason: HookReason, exit?: ExitInfo): Promise<void> {
    const hook = this.config?.hooks[name] as
      | ((p: Program, r: HookReason, e?: ExitInfo) => unknown)
      | undefined;
    if (!hook || !this.config) return Promise.resolve();
    const program = this.program();
    const call = new Promise<unknown>((resolve) => resolve(hook(program, reason, exit)));
    return withTimeout(call, this.config.timeoutMs, this.clock, () => TIMED_OUT).then(
      () => undefined,
      (failure: unknown) => {
        const detail =
          failure === TIMED_OUT ? { timeoutMs: this.config?.timeoutMs } : { cause: failure };
        throw new HookError(program.name, name, detail);
      },
    );
  }
}

const TIMED_OUT = Symbol('timed out');

/** The runner of every program without hooks: it has none to run, so one serves them all. */
export const NO_HOOKS = new HookRunner(
  undefined,
  () => {
    throw new Error('no hooks to run');
  },
  new SystemClock(),
  () => {},
);
