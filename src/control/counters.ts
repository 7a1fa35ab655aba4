/**
 * Counts what Prometheus wants as counters and the library does not keep: spawns, exits by
 * cause, log lines and bytes per stream, and tree CPU seconds (integrated from the samples).
 * Counted from the moment the control surface is attached.
 */
import type { ExitEvent, LogLine, ProgramStats, SpawnInfo } from '../index.js';

export interface ProgramCounters {
  spawns: number;
  readonly exits: Map<string, number>;
  readonly lines: { stdout: number; stderr: number };
  readonly bytes: { stdout: number; stderr: number };
  cpuSeconds: number;
  lastSample: { pid: number; time: number; cpu: number } | undefined;
}

export class Counters {
  readonly #programs = new Map<string, ProgramCounters>();

  of(group: string, name: string): ProgramCounters {
    const key = `${group}:${name}`;
    let counters = this.#programs.get(key);
    if (!counters) {
      counters = {
        spawns: 0,
        exits: new Map(),
        lines: { stdout: 0, stderr: 0 },
        bytes: { stdout: 0, stderr: 0 },
        cpuSeconds: 0,
        lastSample: undefined,
      };
      this.#programs.set(key, counters);
    }
    return counters;
  }

  forget(group: string, name: string): void {
    this.#programs.delete(`${group}:${name}`);
  }

  spawn(info: SpawnInfo): void {
    this.of(info.group, info.name).spawns++;
  }

  exit(exit: ExitEvent): void {
    const { exits } = this.of(exit.group, exit.name);
    exits.set(exit.cause, (exits.get(exit.cause) ?? 0) + 1);
  }

  line(line: LogLine): void {
    const c = this.of(line.group, line.name);
    c.lines[line.stream]++;
    c.bytes[line.stream] += Buffer.byteLength(line.line) + (line.continued ? 0 : 1);
  }

  /** Tree CPU percent between two samples of one process, integrated into seconds. */
  sample(stats: ProgramStats): void {
    const c = this.of(stats.group, stats.name);
    const prev = c.lastSample;
    if (prev && prev.pid === stats.pid && stats.time > prev.time) {
      c.cpuSeconds += (stats.treeCpu / 100) * ((stats.time - prev.time) / 1000);
    }
    c.lastSample = { pid: stats.pid, time: stats.time, cpu: stats.treeCpu };
  }
}
