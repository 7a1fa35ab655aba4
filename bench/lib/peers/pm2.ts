/**
 * pm2 through its programmatic API (connect, start, stop, delete, killDaemon), with a private
 * PM2_HOME so it never touches a user's ~/.pm2, and its daemon killed at the end.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { isAlive } from '../procscan.js';
import { cb, pollUntil } from '../util.js';
import type { Driver, DriverOptions, ProgramSpec } from './driver.js';

const require = createRequire(import.meta.url);

// biome-ignore lint/suspicious/noExplicitAny: pm2 has no usable types for its API class
type Pm2Api = any;

interface Pm2Description {
  pid: number;
  pm2_env: { status: string };
}

export class Pm2Driver implements Driver {
  readonly peer = 'pm2' as const;
  private api: Pm2Api;
  private readonly home: string;
  private readonly logDir: string;
  private specs: readonly ProgramSpec[] = [];
  private daemonPid: number | undefined;
  private connected = false;

  constructor(options: DriverOptions) {
    this.home = path.join(options.tmpDir, `pm2-${Date.now()}`);
    this.logDir = path.join(this.home, 'app-logs');
  }

  async load(): Promise<void> {}

  async prepare(specs: readonly ProgramSpec[]): Promise<void> {
    this.specs = specs;
    mkdirSync(this.logDir, { recursive: true });
    process.env.PM2_PROGRAMMATIC = 'true';
    process.env.PM2_HOME = this.home;
    const pm2 = require('pm2') as { custom: new (opts: object) => Pm2Api };
    this.api = new pm2.custom({ pm2_home: this.home });
    await cb((done) => this.api.connect(done));
    this.connected = true;
    this.daemonPid = Number(readFileSync(path.join(this.home, 'pm2.pid'), 'utf8').trim());
  }

  private app(spec: ProgramSpec): object {
    return {
      name: spec.name,
      script: spec.argv[0],
      args: spec.argv.slice(1),
      interpreter: 'none',
      exec_mode: 'fork',
      autorestart: true,
      restart_delay: 0,
      // pm2 counts a restart as "unstable" under min_uptime (default 1 s, minimum 100 ms) and gives up after
      // max_restarts (default 16) of them: the same "no limit, no delay" policy as the others.
      min_uptime: 100,
      max_restarts: 1_000_000,
      out_file: path.join(this.logDir, `${spec.name}.out`),
      error_file: path.join(this.logDir, `${spec.name}.err`),
    };
  }

  async startAll(): Promise<void> {
    await cb((done) => this.api.start({ apps: this.specs.map((s) => this.app(s)) }, done));
  }

  async stopAll(): Promise<void> {
    await cb((done) => this.api.stop('all', done));
  }

  waitRunning(name: string, notPid?: number, timeoutMs?: number): Promise<number> {
    return pollUntil(
      `pm2 ${name} online`,
      async () => {
        const list = await cb<Pm2Description[]>((done) => this.api.describe(name, done));
        const d = list[0];
        return d && d.pm2_env.status === 'online' && d.pid && d.pid !== notPid ? d.pid : undefined;
      },
      { timeoutMs },
    );
  }

  supervisorPid(): number | undefined {
    return this.daemonPid;
  }

  async close(): Promise<void> {
    if (!this.connected) return;
    this.connected = false;
    try {
      await cb((done) => this.api.kill(done));
    } finally {
      await cb((done) => this.api.disconnect(done)).catch(() => {});
    }
    const pid = this.daemonPid;
    if (pid) {
      await pollUntil('pm2 daemon exit', () => (isAlive(pid) ? undefined : true), {
        timeoutMs: 10_000,
        intervalMs: 20,
      }).catch(() => process.kill(pid, 'SIGKILL'));
    }
  }
}
