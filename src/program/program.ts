import { EventSource, reportListenerError, warnIfUnheard } from '../emitter.js';
import type { ExitCause, ExitInfo, ProgramEventMap } from '../events.js';
import type { CrashReport } from '../health/crash-report.js';
import { type ProgramHealth, wireHealth } from '../health/program-health.js';
import type { ReadinessResult } from '../health/readiness-result.js';
import { tappedPipe } from '../listeners/output-tap.js';
import type {
  LineMatch,
  LinesOptions,
  LogLine,
  LogStream,
  LogTail,
  ReadLogOptions,
  TailLogOptions,
  WaitForLineOptions,
} from '../logs/program-logs.js';
import { ProgramLogs } from '../logs/program-logs.js';
import { ProgramMetrics } from '../metrics/program-metrics.js';
import type { ProgramStats } from '../metrics/sampler.js';
import type { ProgramConfig } from '../options/program-options.js';
import { optSignal } from '../process/signals.js';
import type { ProcessState } from '../states.js';
import { attachControl } from './control.js';
import { type ProgramEvent, type ProgramEventsOptions, programEvents } from './event-stream.js';
import { HookRunner } from './hooks.js';
import { type ProcessInfo, processInfo } from './info.js';
import { ProgramLifecycle } from './lifecycle.js';
import type { ProgramDeps } from './program-deps.js';
import { Runner } from './runner.js';
import { RestartSchedule } from './schedule.js';
import { stateTarget, type WaitOptions, waitUntil } from './wait-for.js';

/**
 * One supervised program. Connects the pure state machine to the clock, the process driver,
 * the log capture and the resource guard; does no I/O of its own. Create it with
 * `supervisor.add()`.
 */
export class Program extends EventSource<ProgramEventMap> {
  readonly config: ProgramConfig;
  readonly #deps: ProgramDeps;
  readonly #logs: ProgramLogs;
  readonly #metrics: ProgramMetrics;
  readonly #runner: Runner;
  readonly #lifecycle: ProgramLifecycle;
  readonly #schedule: RestartSchedule | undefined;
  readonly #health: ProgramHealth;
  /** The current run's output, read to its end (crash reports wait for it). */
  #drained: Promise<unknown> = Promise.resolve();

  /** Programs come from `supervisor.add()` (and pools and groups). */
  constructor(config: ProgramConfig, deps: ProgramDeps) {
    super();
    this.config = config;
    this.#deps = deps;
    this.#logs = new ProgramLogs(config.logs, {
      name: config.name,
      group: config.group,
      logDir: deps.logDir,
      clock: deps.clock,
      onLine: (line) => this.#emit('log', line),
      wantsLines: () =>
        this.emitter.listenerCount('log') + (deps.parent?.listenerCount('log') ?? 0) > 0,
      onError: (error) => this.#emitError(error),
    });
    this.#metrics = new ProgramMetrics(config.resources, deps.statsHistory);
    // In a group with a strategy, the group restarts members after an exit, not their machine.
    const policy = deps.groupRestarts ? Object.freeze({ ...config, autorestart: false }) : config;
    this.#runner = new Runner(policy, deps.clock, deps.driver, {
      transition: (change) => {
        this.#health.transition(change);
        this.#schedule?.observe(change.to, this.#runner.record.startedAt);
        this.#emit('state', change);
        this.#lifecycle.observe(change);
      },
      exited: (exit) => {
        this.#health.exited(exit, this.#drained);
        this.#lifecycle.exited(exit);
        this.#logs.endRun();
        this.#emit('exit', exit);
        this.#forgetGroup(exit.pid);
      },
      error: (error) => this.#emitError(error),
      spawned: (run, info) => {
        this.#metrics.reset(run.pid);
        if (config.killAsGroup) deps.watchdog?.watch(run.pid);
        const stdout = tappedPipe(this, 'stdout', run.stdout);
        const stderr = tappedPipe(this, 'stderr', run.stderr);
        const drained = this.#logs.attach(stdout, stderr).catch((e: Error) => {
          this.#emitError(e);
        });
        this.#drained = drained;
        this.#health.spawned(run);
        this.#emit('spawn', info);
        // The exit is reported once every line is in the tail and the files (bounded).
        return drained;
      },
    });
    const hooks = new HookRunner(
      config.hooks,
      () => this,
      deps.clock,
      (e) => this.#emitError(e),
    );
    this.#lifecycle = new ProgramLifecycle(this.#runner, hooks);
    this.#schedule = config.schedule
      ? new RestartSchedule(config.schedule, deps.clock, (cause) =>
          deps.scheduledRestart
            ? deps.scheduledRestart(this, cause)
            : void this.#lifecycle
                .restart('restart', cause)
                .catch((e: Error) => this.#emitError(e)),
        )
      : undefined;
    const emit = (event: 'health' | 'crash', payload: never) => this.#emit(event, payload);
    const latestStats = () => this.#metrics.latest;
    this.#health = wireHealth({
      config,
      clock: deps.clock,
      logs: this.#logs,
      runner: this.#runner,
      latestStats,
      emit,
      // The machine starts it again after this stop (an automatic restart, in restartBudget).
      restart: () =>
        void this.#lifecycle.stopIfRunning('liveness').catch((e: Error) => this.#emitError(e)),
    });
    attachControl(this, {
      config,
      runner: this.#runner,
      lifecycle: this.#lifecycle,
      schedule: this.#schedule,
      metrics: this.#metrics,
      closeLogs: () => {
        this.#health.dispose();
        return this.#logs.close();
      },
      pid: () => this.pid,
      watchDescendant: (pid, start) => deps.watchdog?.watchPid(pid, start),
      start: () => this.start(),
      emit: (event, ...args) => this.#emit(event, ...args),
      emitError: (error) => this.#emitError(error),
    });
  }

  get name(): string {
    return this.config.name;
  }
  get group(): string {
    return this.config.group;
  }
  /** The current state; set before its `state` event fires. */
  get state(): ProcessState {
    return this.#runner.state;
  }
  /** The pid of the running process, 0 when there is none. */
  get pid(): number {
    return this.#runner.record.pid;
  }
  /** How the last process run ended. */
  get lastExit(): ExitInfo | undefined {
    return this.#runner.record.lastExit;
  }
  /** The latest CPU/memory sample, when sampling is on. */
  get stats(): ProgramStats | undefined {
    return this.#metrics.latest;
  }
  /** What the readiness probe found when this run became RUNNING (a port, a match...). */
  get readiness(): ReadinessResult | undefined {
    return this.#health.readiness;
  }
  /** The report of the last unexpected exit (also the `crash` event). */
  get lastCrash(): CrashReport | undefined {
    return this.#health.lastCrash;
  }
  /** Recent samples, oldest first. */
  get statsHistory(): readonly ProgramStats[] {
    return this.#metrics.history;
  }

  /**
   * Starts the program. Resolves when it is RUNNING; rejects with SpawnError or
   * AbnormalTerminationError when it gives up (FATAL) or is stopped first, and with
   * AlreadyStartedError when it is STARTING, RUNNING or BACKOFF. From STOPPING, it waits
   * for the stop to finish, then starts.
   */
  start(): Promise<void> {
    return this.#lifecycle.start('user');
  }

  /**
   * Stops the program: the stop signal, then SIGKILL every stopWaitSecs until it is gone,
   * then every descendant left behind. Resolves with how it ended (undefined when it was in
   * BACKOFF, with no process). Rejects with NotRunningError when it is already stopped.
   * While STOPPING, joins the stop under way.
   */
  stop(cause: ExitCause = 'stop-requested'): Promise<ExitInfo | undefined> {
    return this.#lifecycle.stop('user', cause);
  }

  /** Stops the program if it runs, then starts it. */
  restart(): Promise<void> {
    return this.#lifecycle.restart('restart');
  }

  /** Sends a signal to the process only (not its group); changes no state. */
  signal(signal: string | number): void {
    this.#runner.signal(optSignal({ program: this.name }, 'signal', signal, 'SIGTERM'));
  }

  /** Writes to the process's stdin. Resolves once the data is handed to the OS. */
  write(data: string | Uint8Array): Promise<void> {
    return this.#runner.write(data);
  }

  /** A record like supervisord's getProcessInfo. */
  info(): ProcessInfo {
    const { pid, startedAt, stoppedAt, lastExit, spawnError, tries, reason } = this.#runner.record;
    const { stdoutLogfile, stderrLogfile } = this.#logs;
    const exitStatus = lastExit?.exitStatus ?? 0;
    const run = { pid, startedAt, stoppedAt, exitStatus, spawnError, tries, reason };
    const logs = { stdoutLogfile, stderrLogfile, ...this.#health.info };
    const source = { ...this.config, ...run, ...logs, state: this.state };
    return processInfo(source, this.#deps.clock.now());
  }

  /** Resolves with the state once it is `target` (or matches the predicate); now or later. */
  waitFor(
    target: ProcessState | ((state: ProcessState) => boolean),
    options: WaitOptions = {},
  ): Promise<ProcessState> {
    const { what, matches } = stateTarget(this.name, target);
    const current = () => (matches(this.#runner.state) ? this.#runner.state : undefined);
    return waitUntil(
      { what, program: this.name },
      current,
      (fn) => this.on('state', fn),
      this.#deps.clock,
      options,
    );
  }

  /** The last `n` captured lines, oldest first (one stream, or both merged). */
  tail(n?: number, stream?: LogStream): LogLine[] {
    return this.#logs.tail(n, stream);
  }
  /** Empties the log files (supervisord's clearProcessLogs), safe during a rotation. */
  clearLog(): Promise<void> {
    return this.#logs.clear();
  }

  /** Every event of this program from now on, as an async iterator of a union typed on `type`. */
  events<K extends ProgramEvent['type']>(options?: ProgramEventsOptions<K>) {
    return programEvents(this, options);
  }

  /** Captured lines as they come, as an async iterator. */
  lines(options?: LinesOptions): AsyncGenerator<LogLine> {
    return this.#logs.lines(options);
  }
  /** Resolves with the first line matching `pattern` ("listening on port (\d+)"). */
  waitForLine(pattern: RegExp | string, options?: WaitForLineOptions): Promise<LineMatch> {
    return this.#logs.waitForLine(pattern, options);
  }
  /** Bytes of the current log file, like supervisord's readProcessStdoutLog. */
  readLog(options?: ReadLogOptions): Promise<string> {
    return this.#logs.readLog(options);
  }
  /** The log written since `offset` and the offset to go on from (tailProcessStdoutLog). */
  tailLog(options: TailLogOptions): Promise<LogTail> {
    return this.#logs.tailLog(options);
  }

  /** Once the sweep after this exit is done, the group is gone: the watchdog can forget it. */
  #forgetGroup(pid: number): void {
    const { watchdog } = this.#deps;
    if (!watchdog || !this.config.killAsGroup) return;
    queueMicrotask(() => {
      void this.#runner.whenReaped().then(() => watchdog.forget(pid));
    });
  }

  #emit<E extends keyof ProgramEventMap>(event: E, ...args: ProgramEventMap[E]): boolean {
    const local = this.emitter.emit(event, ...args);
    const forwarded = this.#deps.parent?.emit(event, ...args) ?? false;
    return local || forwarded;
  }

  /** @internal */
  protected onListenerError(event: string, error: unknown): void {
    reportListenerError((e) => this.#emitError(e), event, error);
  }

  #emitError(error: Error): boolean {
    return warnIfUnheard(this.#emit('error', { name: this.name, group: this.group, error }), error);
  }
}
