/** CPU and memory of the supervisor's own (host) process. */
export interface SelfUsage {
  readonly pid: number;
  /** CPU percent of one core since the previous reading (since the process started, at first). */
  readonly cpu: number;
  /** Resident set size in bytes. */
  readonly memory: number;
  /** V8 heap in use, in bytes. */
  readonly heapUsed: number;
}

/**
 * Measures the host process with `process.cpuUsage()` deltas: each {@link read} gives the
 * CPU used since the previous one. One meter per Supervisor.
 */
export class SelfUsageMeter {
  #cpuMicros: number;
  #at: number;

  constructor() {
    // The first reading covers the whole life of the process so far.
    this.#cpuMicros = 0;
    this.#at = performance.now() - process.uptime() * 1000;
  }

  read(): SelfUsage {
    const usage = process.cpuUsage();
    const cpuMicros = usage.user + usage.system;
    const at = performance.now();
    const wallMs = at - this.#at;
    const cpu = wallMs > 0 ? ((cpuMicros - this.#cpuMicros) / 1000 / wallMs) * 100 : 0;
    this.#cpuMicros = cpuMicros;
    this.#at = at;
    const memory = process.memoryUsage();
    return Object.freeze({
      pid: process.pid,
      cpu: Math.round(Math.max(0, cpu) * 10) / 10,
      memory: memory.rss,
      heapUsed: memory.heapUsed,
    });
  }
}
