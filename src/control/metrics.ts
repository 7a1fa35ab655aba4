/**
 * GET /metrics: every program's state, spawns, exits by cause, tree CPU and memory, uptime,
 * log lines and bytes, and the host process's own CPU and memory, in Prometheus text format.
 */
import type { ServerResponse } from 'node:http';
import { ProcessState, type Program } from '../index.js';
import type { ControlContext } from './context.js';
import { send } from './http.js';
import { labelPairs, MetricsWriter, PROMETHEUS_CONTENT_TYPE } from './metrics-writer.js';

const STATES = Object.values(ProcessState);

function families(w: MetricsWriter): MetricsWriter {
  return w
    .family(
      'overseer_program_state',
      'gauge',
      '1 for the state the program is in, 0 for the others.',
    )
    .family('overseer_program_up', 'gauge', '1 when the program is RUNNING.')
    .family(
      'overseer_program_healthy',
      'gauge',
      '1 when RUNNING with readiness passed and no liveness check failing.',
    )
    .family(
      'overseer_program_probe_failures_total',
      'counter',
      'Liveness probe failures since the program was added.',
    )
    .family('overseer_program_pid', 'gauge', 'Pid of the running process (0: none).')
    .family(
      'overseer_program_uptime_seconds',
      'gauge',
      'Seconds since the running process was spawned (0: none).',
    )
    .family(
      'overseer_program_spawns_total',
      'counter',
      'Processes spawned since the control surface was attached.',
    )
    .family(
      'overseer_program_restarts_total',
      'counter',
      'Spawns after the first one since the control surface was attached.',
    )
    .family(
      'overseer_program_exits_total',
      'counter',
      'Process exits by cause (exit, signal, spawn-error, stop-requested, resource-limit, start-timeout).',
    )
    .family(
      'overseer_program_cpu_percent',
      'gauge',
      'CPU percent of one core, process and descendants, at the latest sample.',
    )
    .family(
      'overseer_program_cpu_seconds_total',
      'counter',
      'CPU seconds of the process tree, integrated from the samples.',
    )
    .family(
      'overseer_program_memory_bytes',
      'gauge',
      'Resident memory of the process and its descendants, at the latest sample.',
    )
    .family('overseer_program_log_lines_total', 'counter', 'Log lines captured, by stream.')
    .family(
      'overseer_program_log_bytes_total',
      'counter',
      'Log bytes captured (newlines included), by stream.',
    )
    .family('overseer_programs', 'gauge', 'Programs known to the supervisor.')
    .family(
      'process_cpu_seconds_total',
      'counter',
      'CPU seconds (user and system) of the host process.',
    )
    .family('process_resident_memory_bytes', 'gauge', 'Resident memory of the host process.')
    .family(
      'process_start_time_seconds',
      'gauge',
      'Start time of the host process, epoch seconds.',
    );
}

/** `state="RUNNING"` and the others, escaped once. */
const STATE_PAIRS = STATES.map((state) => [state, labelPairs({ state })] as const);
const STREAM_PAIRS = (['stdout', 'stderr'] as const).map(
  (s) => [s, labelPairs({ stream: s })] as const,
);

function writeProgram(w: MetricsWriter, ctx: ControlContext, p: Program, now: number): void {
  // The program's labels are escaped once, and reused by its ~20 samples.
  const labels = labelPairs({ group: p.group, name: p.name });
  const state = p.state;
  for (const [s, pair] of STATE_PAIRS) {
    w.sampleWith('overseer_program_state', `${labels},${pair}`, state === s ? 1 : 0);
  }
  const info = p.info();
  w.sampleWith('overseer_program_up', labels, state === 'RUNNING' ? 1 : 0);
  w.sampleWith('overseer_program_healthy', labels, info.healthy ? 1 : 0);
  w.sampleWith('overseer_program_probe_failures_total', labels, info.probeFailures);
  w.sampleWith('overseer_program_pid', labels, info.pid);
  const uptime = info.pid && info.start ? (now - info.start) / 1000 : 0;
  w.sampleWith('overseer_program_uptime_seconds', labels, Math.max(0, uptime));
  const c = ctx.counters.of(p.group, p.name);
  w.sampleWith('overseer_program_spawns_total', labels, c.spawns);
  w.sampleWith('overseer_program_restarts_total', labels, Math.max(0, c.spawns - 1));
  for (const [cause, n] of c.exits) {
    w.sampleWith('overseer_program_exits_total', `${labels},${labelPairs({ cause })}`, n);
  }
  const stats = p.pid ? p.stats : undefined;
  if (stats) {
    w.sampleWith('overseer_program_cpu_percent', labels, stats.treeCpu);
    w.sampleWith('overseer_program_memory_bytes', labels, stats.treeMemory);
  }
  const cpuSeconds = Math.round(c.cpuSeconds * 1000) / 1000;
  w.sampleWith('overseer_program_cpu_seconds_total', labels, cpuSeconds);
  for (const [stream, pair] of STREAM_PAIRS) {
    w.sampleWith('overseer_program_log_lines_total', `${labels},${pair}`, c.lines[stream]);
    w.sampleWith('overseer_program_log_bytes_total', `${labels},${pair}`, c.bytes[stream]);
  }
}

/** The whole exposition, as text. */
export function renderMetrics(ctx: ControlContext, now = Date.now()): string {
  const w = families(new MetricsWriter());
  const programs = [...ctx.supervisor.programs];
  for (const p of programs) writeProgram(w, ctx, p, now);
  w.sample('overseer_programs', {}, programs.length);
  const cpu = process.cpuUsage();
  w.sample('process_cpu_seconds_total', {}, (cpu.user + cpu.system) / 1e6);
  w.sample('process_resident_memory_bytes', {}, process.memoryUsage.rss());
  w.sample('process_start_time_seconds', {}, Math.round(Date.now() / 1000 - process.uptime()));
  return w.toString();
}

export function handleMetrics(ctx: ControlContext, res: ServerResponse): void {
  send(res, 200, PROMETHEUS_CONTENT_TYPE, renderMetrics(ctx));
}
