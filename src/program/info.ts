import { isStoppedState, type ProcessState, STATE_CODES } from '../states.js';

/** A process record, like supervisord's getProcessInfo. Times are epoch milliseconds. */
export interface ProcessInfo {
  readonly name: string;
  readonly group: string;
  readonly state: ProcessState;
  /** supervisord's numeric state code. */
  readonly stateCode: number;
  readonly pid: number;
  /** Last spawn (0 = never started). */
  readonly start: number;
  /** Last stop or exit (0 = never). */
  readonly stop: number;
  readonly now: number;
  /** Exit code of the last run, -1 when it died by a signal, 0 before any. */
  readonly exitStatus: number;
  /** Why the last spawn failed ('' when it did not). */
  readonly spawnError: string;
  /** Retry counter. */
  readonly tries: number;
  /**
   * Why the program is FATAL or UNKNOWN ("restart budget exhausted: ...", "too many start
   * retries too quickly", the signal failure); '' in every other state.
   */
  readonly reason: string;
  /** "pid 123, uptime 0:01:02", the spawn error, the stop time or "Not started". */
  readonly description: string;
  /** The stdout log file ('' when none), as supervisord's stdout_logfile. */
  readonly stdoutLogfile: string;
  /** The stderr log file ('' when none or redirected into stdout's). */
  readonly stderrLogfile: string;
  /** RUNNING (readiness passed) and no liveness check failing: what /readyz reports. */
  readonly healthy: boolean;
  /** Liveness probe failures since the program was added (a counter, for /metrics). */
  readonly probeFailures: number;
}

export interface InfoSource {
  readonly name: string;
  readonly group: string;
  readonly state: ProcessState;
  readonly pid: number;
  readonly startedAt: number;
  readonly stoppedAt: number;
  readonly exitStatus: number;
  readonly spawnError: string | undefined;
  readonly tries: number;
  /** The reason of FATAL or UNKNOWN. */
  readonly reason?: string | undefined;
  readonly stdoutLogfile?: string;
  readonly stderrLogfile?: string;
  readonly healthy?: boolean;
  readonly probeFailures?: number;
}

export function processInfo(source: InfoSource, now: number): ProcessInfo {
  return Object.freeze({
    name: source.name,
    group: source.group,
    state: source.state,
    stateCode: STATE_CODES[source.state],
    pid: source.pid,
    start: source.startedAt,
    stop: source.stoppedAt,
    now,
    exitStatus: source.exitStatus,
    spawnError: source.spawnError ?? '',
    tries: source.tries,
    reason: source.reason ?? '',
    description: describe(source, now),
    stdoutLogfile: source.stdoutLogfile ?? '',
    stderrLogfile: source.stderrLogfile ?? '',
    healthy: source.healthy ?? source.state === 'RUNNING',
    probeFailures: source.probeFailures ?? 0,
  });
}

/** The reason the machine gives when startRetries are used up. */
const TOO_QUICKLY = 'too many start retries too quickly';

/** supervisord's `description` field. */
export function describe(source: InfoSource, now: number): string {
  if (source.state === 'RUNNING') {
    return `pid ${source.pid}, uptime ${formatUptime(now - source.startedAt)}`;
  }
  if (source.state === 'BACKOFF' || source.state === 'FATAL') {
    // supervisord's text for retries used up; any other reason (a budget) is said as is.
    const own = source.reason && source.reason !== TOO_QUICKLY ? source.reason : undefined;
    return source.spawnError ?? own ?? 'Exited too quickly (process log may have details)';
  }
  if (source.state === 'UNKNOWN' && source.reason) return source.reason;
  if (isStoppedState(source.state)) {
    return source.stoppedAt ? new Date(source.stoppedAt).toString() : 'Not started';
  }
  return '';
}

/** "H:MM:SS", with "N days, " in front past a day, as supervisord prints it. */
export function formatUptime(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(total / 86400);
  const h = Math.floor((total % 86400) / 3600);
  const m = String(Math.floor((total % 3600) / 60)).padStart(2, '0');
  const s = String(total % 60).padStart(2, '0');
  return `${days ? `${days} day${days > 1 ? 's' : ''}, ` : ''}${h}:${m}:${s}`;
}
