import { EventSource, reportListenerError } from '../emitter.js';
import type { ExitCause, ExitInfo, ProgramEventMap } from '../events.js';
import type { CrashReport } from '../health/crash-report.js';
import { ProgramHealth } from '../health/program-health.js';
import type { ReadinessResult } from '../health/readiness-result.js';
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
import { HookRunner, NO_HOOKS } from './hooks.js';
import { type ProcessInfo, processInfo } from './info.js';
import { ProgramLifecycle } from './lifecycle.js';
import type { ProgramDeps } from './program-deps.js';
import { ProgramWiring } from './program-wiring.js';
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
  readonly #w: ProgramWiring;

  /** Programs come from `supervisor.add()` (and pools and groups). */
  constructor(config: ProgramConfig, deps: ProgramDeps) {
    super();
    this.config = config;
    this.#deps = deps;
    const w = new ProgramWiring(this, this.emitter, config, deps);
    this.#w = w;
    this.#logs = w.logs = new ProgramLogs(config.logs, w);
    this.#metrics = w.metrics = new ProgramMetrics(config.resources, deps.statsHistory);
    // In a group with a strategy, the group restarts members after an exit, not their machine.
    const policy = deps.groupRestarts ? Object.freeze({ ...config, autorestart: false }) : config;
    this.#runner = w.runner = new Runner(policy, deps.clock, deps.driver, w);
    const hooks = config.hooks
      ? new HookRunner(
          config.hooks,
          () => this,
          deps.clock,
          (e) => w.emitError(e),
        )
      : NO_HOOKS;
    this.#lifecycle = w.lifecycle = new ProgramLifecycle(this.#runner, hooks);
    this.#schedule = w.schedule = config.schedule
      ? new RestartSchedule(config.schedule, deps.clock, (cause) =>
          deps.scheduledRestart
            ? deps.scheduledRestart(this, cause)
            : void this.#lifecycle.restart('restart', cause).catch((e: Error) => w.emitError(e)),
        )
      : undefined;
    this.#health = w.health = new ProgramHealth(config, w);
    attachControl(this, w);
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
    const { name, group } = this.config;
    const source = { name, group, ...run, ...logs, state: this.state };
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

  /** @internal */
  protected onListenerError(event: string, error: unknown): void {
    reportListenerError((e) => this.#w.emitError(e), event, error);
  }
}
