/**
 * supervisord's process state machine as a pure function: (context, input, policy, now) ->
 * (new context, ordered steps). A step is either a transition (to emit as an event) or an
 * effect (for the Program to carry out: spawn, signal, timers). No I/O, no clock of its own.
 * The table at the bottom says which input each state accepts.
 */
import type { ExitCause, ExitInfo } from '../events.js';
import type { ProcessState } from '../states.js';
import { Builder } from './machine-builder.js';
import type {
  MachineContext,
  MachineInput,
  MachinePolicy,
  StepResult,
  Transition,
} from './machine-types.js';

type Handler = (b: Builder, input: MachineInput) => void;

function beginAttempt(b: Builder): void {
  const fresh = { spawnError: undefined, pid: 0, stopCause: undefined, forced: false };
  b.set({ ...fresh, restartCancelled: false }).go('STARTING', {
    pid: 0,
  });
  b.do({ type: 'spawn' });
}

function spawned(b: Builder, input: MachineInput): void {
  if (input.type !== 'spawned') return;
  b.set({ pid: input.pid, startedAt: b.now });
  const secs = b.policy.readiness ? b.policy.readiness.timeoutSecs : b.policy.startSecs;
  if (secs > 0) b.do({ type: 'startTimer', timer: 'start', ms: Math.round(secs * 1000) });
  else if (!b.policy.readiness) b.set({ tries: 0 }).go('RUNNING');
}

/** The 'start' timer: startSecs elapsed (RUNNING), or, with readiness, the start timeout. */
function startTimerFired(b: Builder): void {
  if (!b.policy.readiness) {
    b.set({ tries: 0 }).go('RUNNING');
    return;
  }
  // Not ready in time: a failed start. Stop it; its exit goes to BACKOFF like an early exit.
  b.set({ stopCause: 'start-timeout' }).do({ type: 'sendStopSignal' });
  b.do({ type: 'startTimer', timer: 'kill', ms: Math.round(b.policy.stopWaitSecs * 1000) });
}

function becameReady(b: Builder, input: MachineInput): void {
  if (!b.policy.readiness) return;
  const readiness = input.type === 'ready' ? input.readiness : undefined;
  b.do({ type: 'cancelTimer', timer: 'start' }).set({ tries: 0 });
  b.go('RUNNING', readiness ? { readiness } : {});
}

function enterBackoff(b: Builder, extra: Partial<Transition>): void {
  b.set({ tries: b.ctx.tries + 1, pid: 0 });
  if (b.ctx.tries > b.policy.startRetries) {
    b.go('BACKOFF', { ...extra, pid: 0 });
    b.set({ tries: 0 }).go('FATAL', {
      pid: 0,
      reason: 'too many start retries too quickly',
      ...pick(extra),
    });
    return;
  }
  const retryInMs = b.policy.backoffMs(b.ctx.tries);
  b.go('BACKOFF', { ...extra, pid: 0, retryInMs });
  b.do({ type: 'startTimer', timer: 'retry', ms: retryInMs });
}

const pick = (extra: Partial<Transition>) =>
  extra.spawnError ? { spawnError: extra.spawnError } : {};

function spawnFailed(b: Builder, input: MachineInput): void {
  if (input.type !== 'spawnFailed') return;
  b.set({ spawnError: input.error, stoppedAt: b.now });
  enterBackoff(b, { spawnError: input.error });
}

function exitInfo(b: Builder, input: MachineInput, cause?: ExitCause): ExitInfo {
  const { code, signal } = input as Extract<MachineInput, { type: 'exited' }>;
  const expected = signal === null && code !== null && b.policy.exitCodes.includes(code);
  return Object.freeze({
    code,
    signal,
    exitStatus: signal === null && code !== null ? code : -1,
    expected,
    uptimeMs: Math.max(0, b.now - b.ctx.startedAt),
    forced: b.ctx.forced,
    cause: cause ?? (signal ? 'signal' : 'exit'),
    time: b.now,
  });
}

function exitedTooQuickly(b: Builder, input: MachineInput): void {
  const exit = exitInfo(b, input, b.ctx.stopCause);
  b.set({ lastExit: exit, stoppedAt: b.now, stopCause: undefined, forced: false });
  b.do({ type: 'cancelTimer', timer: 'start' }).do({ type: 'cancelTimer', timer: 'kill' });
  b.do({ type: 'reapDescendants' });
  enterBackoff(b, { exit });
}

function exitedFromRunning(b: Builder, input: MachineInput): void {
  const exit = exitInfo(b, input);
  const pid = b.ctx.pid;
  b.set({ lastExit: exit, stoppedAt: b.now, tries: 0 }).go('EXITED', {
    pid,
    exit,
    expected: exit.expected,
  } as Partial<Transition>);
  b.set({ pid: 0 }).do({ type: 'reapDescendants' });
  const { autorestart } = b.policy;
  if (autorestart === true || (autorestart === 'unexpected' && !exit.expected)) {
    autoRestart(b, exit.signal ? `killed by ${exit.signal}` : `exit status ${exit.code}`);
  }
}

function autoRestart(b: Builder, cause: string): void {
  b.set({ limitRestarts: 0 });
  if (spendBudget(b, cause)) beginAttempt(b);
}

/**
 * Counts one automatic restart, whatever its cause, in restartBudget. False when the budget
 * is spent: the program is then FATAL, with the reason.
 */
function spendBudget(b: Builder, cause: string): boolean {
  const budget = b.policy.restartBudget;
  const restarts = budget ? b.ctx.restarts.filter((t) => b.now - t < budget.withinMs) : [];
  if (budget && restarts.length >= budget.maxRestarts) {
    const reason = `restart budget exhausted: ${restarts.length} restarts within ${budget.withinMs / 1000} s (last cause: ${cause})`;
    b.set({ restarts: [], limitRestarts: 0 }).go('FATAL', { pid: 0, reason });
    return false;
  }
  b.set({ restarts: budget ? [...restarts, b.now] : [] });
  return true;
}

/** A run stopped by its memory limit this long after its start resets the spacing. */
export const LIMIT_RESET_MS = 60_000;

/**
 * After a memoryLimit stop the program restarts, counted in restartBudget. Restarts for the
 * limit in a row are spaced out by the program's backoff: the first at once, the n-th after
 * backoff(n - 1) in BACKOFF (1 s, 2 s, 3 s... by default). A run that stayed up 60 s or
 * more, or that ended any other way, starts the count again.
 */
function restartAfterLimit(b: Builder, uptimeMs: number): void {
  if (!spendBudget(b, 'memory limit')) return;
  const n = uptimeMs >= LIMIT_RESET_MS ? 1 : b.ctx.limitRestarts + 1;
  b.set({ limitRestarts: n });
  if (n === 1) {
    beginAttempt(b);
    return;
  }
  const retryInMs = b.policy.backoffMs(n - 1);
  b.go('BACKOFF', { pid: 0, retryInMs });
  b.do({ type: 'startTimer', timer: 'retry', ms: retryInMs });
}

function requestStop(b: Builder, input: MachineInput): void {
  const cause = input.type === 'stop' && input.cause ? input.cause : 'stop-requested';
  b.set({ stopCause: cause, restartCancelled: false }).do({ type: 'cancelTimer', timer: 'start' });
  b.go('STOPPING');
  b.do({ type: 'sendStopSignal' });
  b.do({ type: 'startTimer', timer: 'kill', ms: Math.round(b.policy.stopWaitSecs * 1000) });
}

function stoppedAfterExit(b: Builder, input: MachineInput): void {
  const exit = exitInfo(b, input, b.ctx.stopCause ?? 'stop-requested');
  b.do({ type: 'cancelTimer', timer: 'kill' }).set({ lastExit: exit, stoppedAt: b.now });
  b.go('STOPPED', { exit }).set({ pid: 0, stopCause: undefined });
  b.do({ type: 'reapDescendants' });
  if (b.ctx.restartCancelled || !restartsAfter(exit.cause)) {
    b.set({ restartCancelled: false, limitRestarts: 0 });
    return;
  }
  if (exit.cause === 'resource-limit') restartAfterLimit(b, exit.uptimeMs);
  else {
    b.set({ limitRestarts: 0 });
    if (spendBudget(b, 'liveness probe failing')) beginAttempt(b);
  }
}

/** The stops the program restarts after by itself: a memory limit, a failing liveness probe. */
const restartsAfter = (cause: ExitCause | undefined): boolean =>
  cause === 'resource-limit' || cause === 'liveness';

/** False when an exit now cannot spawn (a look cheaper than a step): see stoppedAfterExit. */
export const exitMayRestart = (state: ProcessState, ctx: MachineContext): boolean =>
  state !== 'STOPPING' || restartsAfter(ctx.stopCause);

/** A stop() asked for while an automatic restart's stop is under way: no restart after it. */
function cancelRestart(b: Builder): void {
  b.set({ restartCancelled: true });
}

function killAgain(b: Builder): void {
  const ms = Math.max(1, Math.round(b.policy.stopWaitSecs * 1000));
  b.set({ forced: true }).do({ type: 'sendKill' }).do({ type: 'startTimer', timer: 'kill', ms });
}

function signalFailed(b: Builder, input: MachineInput): void {
  const reason = input.type === 'signalFailed' ? input.error : 'signal failed';
  b.do({ type: 'cancelTimer', timer: 'start' }).do({ type: 'cancelTimer', timer: 'kill' });
  b.go('UNKNOWN', { reason });
}

function cancelRetryThen(to: ProcessState): Handler {
  return (b) => {
    b.do({ type: 'cancelTimer', timer: 'retry' });
    b.set({ limitRestarts: 0 });
    if (to === 'FATAL') {
      b.go(to, { pid: 0, reason: 'gave up waiting to retry (the supervisor stopped)' });
      b.set({ tries: 0 });
    } else b.go(to, { pid: 0 });
  };
}

function exitedWhileUnknown(b: Builder, input: MachineInput): void {
  b.set({ lastExit: exitInfo(b, input), stoppedAt: b.now });
  b.go('STOPPED').set({ pid: 0 }).do({ type: 'reapDescendants' });
}

/** Which inputs each state accepts. A missing entry is ignored (or refused, for start/stop). */
const TABLE: Readonly<Record<ProcessState, Partial<Record<MachineInput['type'], Handler>>>> = {
  STOPPED: { start: beginAttempt },
  EXITED: { start: beginAttempt },
  FATAL: { start: beginAttempt },
  UNKNOWN: { start: beginAttempt, exited: exitedWhileUnknown },
  STARTING: {
    spawned,
    spawnFailed,
    startSecsElapsed: startTimerFired,
    ready: becameReady,
    killDue: killAgain,
    exited: exitedTooQuickly,
    stop: requestStop,
    signalFailed,
  },
  RUNNING: { exited: exitedFromRunning, stop: requestStop, signalFailed },
  BACKOFF: {
    retryDue: beginAttempt,
    stop: cancelRetryThen('STOPPED'),
    giveUp: cancelRetryThen('FATAL'),
  },
  STOPPING: { exited: stoppedAfterExit, killDue: killAgain, signalFailed, cancelRestart },
};

/** Feeds one input to the machine. */
export function step(
  context: MachineContext,
  input: MachineInput,
  policy: MachinePolicy,
  now: number,
): StepResult {
  const handler = TABLE[context.state][input.type];
  if (!handler) {
    // Every state without a start handler has (or is getting, or is losing) a process.
    if (input.type === 'start') return { context, steps: [], refused: 'ALREADY_STARTED' };
    if (input.type === 'stop') return { context, steps: [], refused: 'NOT_RUNNING' };
    return { context, steps: [] };
  }
  const builder = new Builder(context, policy, now);
  handler(builder, input);
  return { context: builder.ctx, steps: builder.steps };
}
