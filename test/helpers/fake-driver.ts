/**
 * A ProcessDriver without processes, for unit tests of the control layer (Runner, Program,
 * Supervisor, the control server's methods) with a ManualClock. Each spawn follows a
 * behaviour: run until a stop signal (the default: SIGTERM, SIGINT, SIGQUIT, SIGKILL end it),
 * ignore some signals, fail to spawn (synchronously or after spawn returned), or exit at once;
 * a test can also end a run on command (`run.exit(code)`), and write to its stdout/stderr.
 * Everything the driver saw is in `log`, in order.
 */
import { PassThrough, Writable } from 'node:stream';
import { ManualClock } from '../../src/clock.js';
import type { StateChange } from '../../src/events.js';
import type { RunHandlers } from '../../src/process/child-run.js';
import type { ProcessDriver, RunHandle } from '../../src/process/driver.js';
import { Supervisor } from '../../src/supervisor/supervisor.js';

const ENDING: ReadonlySet<string> = new Set(['SIGTERM', 'SIGINT', 'SIGQUIT', 'SIGKILL']);

export interface FakeBehaviour {
  /** Stop signals the run survives (it records them). @default none */
  readonly ignore?: readonly NodeJS.Signals[];
  /** spawn() throws this message (like EMFILE): a synchronous spawn failure. */
  readonly spawnThrows?: string;
  /** spawn() returns pid 0, then reports this error (like ENOENT). */
  readonly spawnError?: string;
  /** Exits with this code right after spawning (a program that dies at once). */
  readonly exitAtOnce?: number;
  /** Report the exit synchronously inside signal(), not in a later microtask. */
  readonly syncExit?: boolean;
}

/** One entry of the driver's log. */
export type FakeEvent =
  | { readonly type: 'spawn'; readonly name: string; readonly pid: number }
  | {
      readonly type: 'signal';
      readonly name: string;
      readonly signal: string;
      readonly group: boolean;
    }
  | {
      readonly type: 'exit';
      readonly name: string;
      readonly code: number | null;
      readonly signal: string | null;
    }
  | { readonly type: 'spawnError'; readonly name: string };

/** A process run that exists only in memory. */
export class FakeRun implements RunHandle {
  readonly pid: number;
  readonly name: string;
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  /** Every chunk written to stdin, as text. */
  readonly written: string[] = [];
  /** Every signal received, in order. */
  readonly signals: string[] = [];
  readonly stdin = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      this.written.push(chunk.toString());
      done();
    },
  });
  exited = false;
  readonly #handlers: RunHandlers;
  readonly #behaviour: FakeBehaviour;
  readonly #log: FakeEvent[];

  constructor(
    pid: number,
    handlers: RunHandlers,
    options: { name?: string; behaviour?: FakeBehaviour; log?: FakeEvent[] } = {},
  ) {
    this.pid = pid;
    this.name = options.name ?? '';
    this.#handlers = handlers;
    this.#behaviour = options.behaviour ?? {};
    this.#log = options.log ?? [];
  }

  signal(signal: NodeJS.Signals, group = false): boolean {
    if (this.exited) return false;
    this.signals.push(signal);
    this.#log.push({ type: 'signal', name: this.name, signal, group });
    if (!ENDING.has(signal) || this.#behaviour.ignore?.includes(signal)) return true;
    if (this.#behaviour.syncExit) this.exit(null, signal);
    else queueMicrotask(() => this.exit(null, signal));
    return true;
  }

  forceKill(group = false): void {
    this.signal('SIGKILL', group);
  }

  rememberDescendants(): [] {
    return [];
  }

  reap(): Promise<number> {
    return Promise.resolve(0);
  }

  /** Ends the run now, as the kernel would report it. */
  exit(code: number | null, signal: NodeJS.Signals | null = null): void {
    if (this.exited) return;
    this.exited = true;
    this.stdout.end();
    this.stderr.end();
    this.#log.push({ type: 'exit', name: this.name, code, signal });
    this.#handlers.onExit(code, signal);
  }
}

/** A ProcessDriver that spawns FakeRuns; `runs` has them all, newest last. */
export class FakeDriver implements ProcessDriver {
  readonly log: FakeEvent[] = [];
  readonly runs: FakeRun[] = [];
  readonly #plans = new Map<string, FakeBehaviour[]>();
  readonly #defaults = new Map<string, FakeBehaviour>();
  #nextPid = 90_000;

  /** How every run of `name` behaves (unless a `next()` says otherwise). */
  always(name: string, behaviour: FakeBehaviour): this {
    this.#defaults.set(name, behaviour);
    return this;
  }

  /** How the next runs of `name` behave, one behaviour per spawn. */
  next(name: string, ...behaviours: FakeBehaviour[]): this {
    this.#plans.set(name, [...(this.#plans.get(name) ?? []), ...behaviours]);
    return this;
  }

  /** The latest run of a program. */
  last(name: string): FakeRun | undefined {
    return this.runs.findLast((run) => run.name === name);
  }

  /** Names in the order they were spawned. */
  spawned(): string[] {
    return this.log.filter((e) => e.type === 'spawn').map((e) => e.name);
  }

  spawn(config: { readonly name: string }, handlers: RunHandlers): RunHandle {
    const { name } = config;
    const behaviour = this.#plans.get(name)?.shift() ?? this.#defaults.get(name) ?? {};
    if (behaviour.spawnThrows) throw new Error(behaviour.spawnThrows);
    if (behaviour.spawnError) {
      const message = behaviour.spawnError;
      this.log.push({ type: 'spawnError', name });
      queueMicrotask(() => handlers.onSpawnError(message));
      return new FakeRun(0, handlers, { name, behaviour, log: this.log });
    }
    const run = new FakeRun(++this.#nextPid, handlers, { name, behaviour, log: this.log });
    this.runs.push(run);
    this.log.push({ type: 'spawn', name, pid: run.pid });
    if (behaviour.exitAtOnce !== undefined) {
      const code = behaviour.exitAtOnce;
      queueMicrotask(() => run.exit(code));
    }
    return run;
  }
}

/** Lets pending promise callbacks and I/O callbacks run (no timers: the clock is manual). */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * A Supervisor on `driver` with a ManualClock at `now`: no signal handlers, no host-death
 * watch, no sampling (what every control-layer unit test wants), and the list of its state
 * changes as 'FROM>TO'.
 */
export function fakeSupervisor(driver: ProcessDriver = new FakeDriver(), now = 1_000_000) {
  const clock = new ManualClock(now);
  const sup = new Supervisor({
    clock,
    driver,
    handleSignals: false,
    killOnHostDeath: false,
    sampleIntervalMs: 0,
  });
  const changes: string[] = [];
  sup.on('state', (c: StateChange) => changes.push(`${c.from}>${c.to}`));
  return { clock, sup, changes };
}
