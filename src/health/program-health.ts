import type { Readable } from 'node:stream';
import type { ExitEvent, StateChange } from '../events.js';
import type { LineMatch } from '../logs/line-wait.js';
import type { LogStream } from '../logs/log-line.js';
import type { ProgramConfig } from '../options/program-options.js';
import { buildEnvironment } from '../process/environment.js';
import { startReadinessProbe } from '../program/readiness.js';
import { CrashRecorder, type CrashSources } from './crash-recorder.js';
import type { CrashReport } from './crash-report.js';
import { type HealthEvent, type HealthReport, HealthStatus } from './health-status.js';
import { MessageHub } from './ipc-messages.js';
import { LivenessMonitor } from './liveness-monitor.js';
import { livenessAttemptFor } from './probe-target.js';
import type { ReadinessResult } from './readiness-result.js';
import { SilenceWatch } from './silence-watch.js';

/** One process run, as health needs it. */
export interface HealthRun {
  readonly pid: number;
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;
  /** Present when the run has an IPC channel. */
  onMessage?(listener: (message: unknown) => void): void;
}

/** What ProgramHealth needs from its Program (the crash recorder's sources among it). */
export interface HealthHost extends CrashSources {
  /** The current pid (0 when none). */
  pid(): number;
  waitForLine(
    pattern: RegExp,
    stream: LogStream | undefined,
    signal: AbortSignal,
  ): Promise<LineMatch>;
  /** The readiness probe passed for this run: STARTING -> RUNNING. */
  ready(pid: number, result: ReadinessResult): void;
  /** failureThreshold reached: restart with exit cause 'liveness'. */
  restart(reason: string): void;
  emitHealth(event: HealthEvent): void;
}

/**
 * A program's health across its runs: the readiness probe while STARTING, the liveness probe
 * and the silence watch while RUNNING, the IPC messages, and the crash reports. The Program
 * forwards its runner's hooks here; everything stops when the run leaves the state it
 * belongs to, so nothing outlives a run or keeps the host alive after a stop.
 */
export class ProgramHealth {
  // The IPC hub and the liveness status are made only for programs that use them.
  #hub: MessageHub | undefined;
  readonly #status: HealthStatus | undefined;
  readonly #crashes: CrashRecorder;
  #readyProbe: AbortController | undefined;
  #monitor: LivenessMonitor | undefined;
  #silence: SilenceWatch | undefined;
  #readiness: ReadinessResult | undefined;
  #closeProbe: () => void = noop;
  #run: HealthRun | undefined;
  #state: StateChange['to'] = 'STOPPED';

  constructor(
    private readonly config: ProgramConfig,
    private readonly host: HealthHost,
  ) {
    this.#crashes = new CrashRecorder(host);
    const { liveness } = config;
    if (!liveness) return;
    this.#status = new HealthStatus(
      liveness.failureThreshold,
      (report) => this.#report(report),
      (why) => host.restart(why),
    );
  }

  /** What the readiness probe found for the current run. */
  get readiness(): ReadinessResult | undefined {
    return this.#readiness;
  }
  /** RUNNING, and no liveness check failing. */
  get healthy(): boolean {
    return this.#state === 'RUNNING' && !this.#status?.failing;
  }
  /** Liveness failures since the program was created. */
  get probeFailures(): number {
    return this.#status?.probeFailures ?? 0;
  }
  /** The fields health adds to `info()`. */
  get info(): { readonly healthy: boolean; readonly probeFailures: number } {
    return { healthy: this.healthy, probeFailures: this.probeFailures };
  }
  get lastCrash(): CrashReport | undefined {
    return this.#crashes.lastCrash;
  }

  spawned(run: HealthRun): void {
    this.#run = run;
    this.#readiness = undefined;
    this.#status?.reset();
    run.onMessage?.((message) => {
      if (this.host.pid() !== run.pid) return;
      this.#silence?.activity();
      this.#hub?.deliver(message);
    });
    if (this.config.liveness?.silenceMs !== undefined) {
      const activity = () => this.#silence?.activity();
      run.stdout?.on('data', activity);
      run.stderr?.on('data', activity);
    }
    this.#startReadiness(run.pid);
  }

  transition(change: StateChange): void {
    this.#state = change.to;
    this.#crashes.observe(change);
    if (change.from === 'STARTING') this.#stopReadiness();
    if (change.to === 'RUNNING') {
      if (change.readiness) this.#readiness = change.readiness;
      this.#startLiveness();
    } else if (change.from === 'RUNNING') this.#stopLiveness();
  }

  exited(exit: ExitEvent, drained: Promise<unknown>): void {
    this.#stopReadiness();
    this.#stopLiveness();
    this.#run = undefined;
    this.#crashes.exited(exit, drained);
  }

  /** Stops every timer and probe (the program is being disposed). */
  dispose(): void {
    this.#stopReadiness();
    this.#stopLiveness();
  }

  #startReadiness(pid: number): void {
    const { readiness } = this.config;
    if (!readiness) return;
    const place = { pid, ...this.#execPlace() };
    const probeHost = {
      ...place,
      clock: this.host.clock,
      waitForLine: (pattern: RegExp, stream: LogStream | undefined, signal: AbortSignal) =>
        this.host.waitForLine(pattern, stream, signal),
      waitForMessage: (accept: (m: unknown) => boolean, signal: AbortSignal) => {
        this.#hub ??= new MessageHub();
        return this.#hub.waitFor(accept, signal);
      },
    };
    this.#readyProbe = startReadinessProbe(readiness, probeHost, (result) => {
      if (this.host.pid() === pid) this.host.ready(pid, result);
    });
  }

  #stopReadiness(): void {
    this.#readyProbe?.abort();
    this.#readyProbe = undefined;
  }

  #startLiveness(): void {
    const liveness = this.config.liveness;
    const status = this.#status;
    const run = this.#run;
    if (!liveness || !status || !run) return;
    const { clock } = this.host;
    const { target, periodMs, timeoutMs, initialDelayMs, silenceMs } = liveness;
    if (target) {
      const { attempt, close } = livenessAttemptFor(target, { pid: run.pid, ...this.#execPlace() });
      this.#closeProbe = close;
      const onOutcome = status.record.bind(status, target.kind);
      this.#monitor = new LivenessMonitor({
        clock,
        attempt,
        periodMs,
        timeoutMs,
        initialDelayMs,
        onOutcome,
      });
      this.#monitor.start();
    }
    if (silenceMs !== undefined) {
      const onOutcome = status.record.bind(status, 'silence' as const);
      this.#silence = new SilenceWatch({ clock, silenceMs, periodMs, onOutcome });
      this.#silence.start();
    }
  }

  #stopLiveness(): void {
    this.#monitor?.stop();
    this.#monitor = undefined;
    this.#closeProbe();
    this.#closeProbe = noop;
    this.#silence?.stop();
    this.#silence = undefined;
  }

  #execPlace() {
    return { cwd: this.config.directory, env: buildEnvironment(this.config) };
  }

  #report(report: HealthReport): void {
    const { name, group } = this.config;
    const pid = this.host.pid();
    this.host.emitHealth(
      Object.freeze({ name, group, pid, ...report, time: this.host.clock.now() }),
    );
  }
}

function noop(): void {}
