/**
 * One interface over every peer, so a scenario drives them all the same way. Each driver
 * configures its peer the way that peer's users do and with the same policy: restart always,
 * immediately (no deliberate delay), without a retry limit, and count a process as running as
 * soon as it is spawned (supervisord's startsecs=0).
 */

export type PeerName = 'overseer' | 'supervisord' | 'pm2' | 'forever-monitor' | 'respawn' | 'raw';

export const ALL_PEERS: readonly PeerName[] = [
  'overseer',
  'supervisord',
  'pm2',
  'forever-monitor',
  'respawn',
  'raw',
];

/** Runs inside the host's process (vs a daemon of its own). */
export const IN_PROCESS: readonly PeerName[] = ['overseer', 'forever-monitor', 'respawn', 'raw'];

export interface ProgramSpec {
  /** Letters, digits, '-' and '_' only (valid for every peer). */
  readonly name: string;
  /** Executable (absolute path) and arguments; no shell. */
  readonly argv: readonly string[];
}

export interface DriverOptions {
  /** Where configs, sockets and log files go. */
  readonly tmpDir: string;
  /** overseer only: the Supervisor's sampleIntervalMs (its default when undefined). */
  readonly sampleIntervalMs?: number;
}

export interface Driver {
  readonly peer: PeerName;
  /** Load the peer's library into this process (in-process peers); daemons: nothing. */
  load(): Promise<void>;
  /** Configure the programs without starting them; boots a daemon if the peer has one. */
  prepare(specs: readonly ProgramSpec[]): Promise<void>;
  /** Start every program; resolves once the peer reports each one running. */
  startAll(): Promise<void>;
  /** Stop every program; resolves once the peer reports each one stopped. */
  stopAll(): Promise<void>;
  /** Resolves with the pid once the peer reports `name` running with a pid other than notPid. */
  waitRunning(name: string, notPid?: number, timeoutMs?: number): Promise<number>;
  /** pid of the peer's own process (daemon); undefined for in-process peers. */
  supervisorPid(): number | undefined;
  /** Stop everything, shut the daemon down. Idempotent; safe after a failure. */
  close(): Promise<void>;
}

export async function createDriver(peer: PeerName, options: DriverOptions): Promise<Driver> {
  switch (peer) {
    case 'overseer':
      return new (await import('./overseer.js')).OverseerDriver(options);
    case 'supervisord':
      return new (await import('./supervisord.js')).SupervisordDriver(options);
    case 'pm2':
      return new (await import('./pm2.js')).Pm2Driver(options);
    case 'forever-monitor':
      return new (await import('./forever.js')).ForeverDriver();
    case 'respawn':
      return new (await import('./respawn.js')).RespawnDriver();
    case 'raw':
      return new (await import('./raw.js')).RawDriver();
  }
}

/** Peers chosen by BENCH_PEERS=a,b (all by default), within `allowed`. */
export function selectedPeers(allowed: readonly PeerName[] = ALL_PEERS): PeerName[] {
  const wanted = process.env.BENCH_PEERS?.split(',').map((s) => s.trim());
  return allowed.filter((p) => !wanted || wanted.includes(p));
}

/**
 * Starts library monitors (forever-monitor, respawn): start() on each, resolved when its child
 * is spawned, rejected if the spawn fails.
 */
export function startMonitors(
  monitors: Iterable<{
    start(): unknown;
    child?: import('node:child_process').ChildProcess | null;
  }>,
): Promise<void> {
  return Promise.all(
    [...monitors].map(
      (m) =>
        new Promise<void>((resolve, reject) => {
          m.start();
          if (!m.child) return reject(new Error('the monitor started no child'));
          m.child.once('spawn', () => resolve());
          m.child.once('error', reject);
        }),
    ),
  ).then(() => {});
}

/** `n` programs that only sleep, for the idle and sampling scenarios. */
export const idleSpecs = (n: number): ProgramSpec[] =>
  Array.from({ length: n }, (_, i) => ({ name: `idle${i}`, argv: ['/bin/sleep', '86400'] }));
