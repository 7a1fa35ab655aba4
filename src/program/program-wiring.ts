import type { SafeEmitter } from '../emitter.js';
import { warnIfUnheard } from '../emitter.js';
import type { ExitEvent, ProgramEventMap, SpawnInfo, StateChange } from '../events.js';
import type { CrashReport } from '../health/crash-report.js';
import type { HealthEvent } from '../health/health-status.js';
import type { HealthHost, ProgramHealth } from '../health/program-health.js';
import type { ReadinessResult } from '../health/readiness-result.js';
import { tappedPipe } from '../listeners/output-tap.js';
import type { LineMatch } from '../logs/line-wait.js';
import type { LogLine, LogStream } from '../logs/log-line.js';
import type { ProgramLogs, ProgramLogsHost } from '../logs/program-logs.js';
import type { ProgramMetrics } from '../metrics/program-metrics.js';
import type { ProgramStats } from '../metrics/sampler.js';
import type { ProgramConfig } from '../options/program-options.js';
import type { RunHandle } from '../process/driver.js';
import type { ControlParts } from './control.js';
import type { ProgramLifecycle } from './lifecycle.js';
import { LineFanout } from './line-fanout.js';
import type { Program } from './program.js';
import type { ProgramDeps } from './program-deps.js';
import type { Runner, RunnerHooks } from './runner.js';
import type { RestartSchedule } from './schedule.js';

/**
 * What the parts of one Program need from each other (the log capture's host, the runner's
 * hooks, health's host and crash sources, the supervisor's control), as one object whose
 * methods live on the prototype: a program holds one small object here instead of some forty
 * closures and the objects carrying them (about 3 KiB per program).
 */
export class ProgramWiring implements ProgramLogsHost, RunnerHooks, HealthHost, ControlParts {
  logs!: ProgramLogs;
  metrics!: ProgramMetrics;
  runner!: Runner;
  lifecycle!: ProgramLifecycle;
  schedule: RestartSchedule | undefined;
  health!: ProgramHealth;
  /** The current run's output, read to its end (crash reports wait for it). */
  #drained: Promise<unknown> = Promise.resolve();
  /** Made at the first line someone listens to: most programs never have 'log' listeners. */
  #fanout: LineFanout | undefined;

  constructor(
    readonly program: Program,
    readonly emitter: SafeEmitter<ProgramEventMap>,
    readonly config: ProgramConfig,
    readonly deps: ProgramDeps,
  ) {}

  get name(): string {
    return this.config.name;
  }
  get group(): string {
    return this.config.group;
  }
  get logDir(): string | undefined {
    return this.deps.logDir;
  }
  get clock(): ProgramDeps['clock'] {
    return this.deps.clock;
  }

  /** Every event goes to the program's listeners, then to the supervisor's. */
  emit<E extends keyof ProgramEventMap>(event: E, ...args: ProgramEventMap[E]): boolean {
    const local = this.emitter.emit(event, ...args);
    const forwarded = this.deps.parent?.emit(event, ...args) ?? false;
    return local || forwarded;
  }

  emitError(error: Error): boolean {
    const { name, group } = this.config;
    return warnIfUnheard(this.emit('error', { name, group, error }), error);
  }

  // The log capture's host.
  onLine(line: LogLine): void {
    this.#fanout ??= new LineFanout(this.emitter, this.deps.parent);
    this.#fanout.deliver(line);
  }
  wantsLines(): boolean {
    return this.emitter.listenerCount('log') + (this.deps.parent?.listenerCount('log') ?? 0) > 0;
  }
  onError(error: Error): void {
    this.emitError(error);
  }

  // The runner's hooks.
  transition(change: StateChange): void {
    this.health.transition(change);
    this.schedule?.observe(change.to, this.runner.record.startedAt);
    this.emit('state', change);
    this.lifecycle.observe(change);
  }
  exited(exit: ExitEvent): void {
    this.health.exited(exit, this.#drained);
    this.lifecycle.exited(exit);
    this.logs.endRun();
    this.emit('exit', exit);
    this.#forgetGroup(exit.pid);
  }
  error(error: Error): void {
    this.emitError(error);
  }
  spawned(run: RunHandle, info: SpawnInfo): Promise<void> {
    this.metrics.reset(run.pid);
    if (this.config.killAsGroup) this.deps.watchdog?.watch(run.pid);
    const stdout = tappedPipe(this.program, 'stdout', run.stdout);
    const stderr = tappedPipe(this.program, 'stderr', run.stderr);
    // Never rejects: the capture reports a file it cannot write through onError.
    const drained = this.logs.attach(stdout, stderr);
    this.#drained = drained;
    this.health.spawned(run);
    this.emit('spawn', info);
    // The exit is reported once every line is in the tail and the files (bounded).
    return drained;
  }

  // Health's host and crash sources.
  get startRetries(): number {
    return this.config.startRetries;
  }
  get lines(): number {
    return this.config.crashReportLines;
  }
  get restartBudget(): ProgramConfig['restartBudget'] {
    return this.config.restartBudget;
  }
  pid(): number {
    return this.runner.record.pid;
  }
  tail(n: number, stream: LogStream): LogLine[] {
    return this.logs.tail(n, stream);
  }
  stats(pid: number): ProgramStats | undefined {
    const latest = this.metrics.latest;
    return latest?.pid === pid ? latest : undefined;
  }
  restarts(): readonly number[] {
    return this.runner.record.restarts;
  }
  report(crash: CrashReport): void {
    this.emit('crash', crash);
  }
  waitForLine(
    pattern: RegExp,
    stream: LogStream | undefined,
    signal: AbortSignal,
  ): Promise<LineMatch> {
    return this.logs.waitForLine(pattern, { stream, signal });
  }
  ready(pid: number, readiness: ReadinessResult): void {
    this.runner.ready(pid, readiness);
  }
  /** failureThreshold reached: the machine starts it again after this stop (restartBudget). */
  restart(): void {
    void this.lifecycle.stopIfRunning('liveness').catch((e: Error) => this.emitError(e));
  }
  emitHealth(event: HealthEvent): void {
    this.emit('health', event);
  }

  // The supervisor's control.
  closeLogs(): Promise<void> {
    this.health.dispose();
    return this.logs.close();
  }
  watchDescendant(pid: number, start: number): void {
    this.deps.watchdog?.watchPid(pid, start);
  }
  start(): Promise<void> {
    return this.program.start();
  }

  /** Once the sweep after this exit is done, the group is gone: the watchdog can forget it. */
  #forgetGroup(pid: number): void {
    const { watchdog } = this.deps;
    if (!watchdog || !this.config.killAsGroup) return;
    queueMicrotask(() => {
      void this.runner.whenReaped().then(() => watchdog.forget(pid));
    });
  }
}
