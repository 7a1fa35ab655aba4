/**
 * supervisord 4.2.5 as its users run it: a generated config file, `supervisord -n -c`, and its
 * XML-RPC API on the unix socket (what supervisorctl itself calls).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pollUntil, sleep } from '../util.js';
import { type RpcValue, XmlRpcClient } from '../xmlrpc.js';
import type { Driver, DriverOptions, ProgramSpec } from './driver.js';

interface ProcessInfo {
  name: string;
  statename: string;
  pid: number;
}

/** supervisord's config quoting: % must be doubled; args with spaces are quoted. */
function commandLine(argv: readonly string[]): string {
  return argv
    .map((a) => (/[\s"']/.test(a) ? `"${a.replace(/"/g, '\\"')}"` : a).replace(/%/g, '%%'))
    .join(' ');
}

export class SupervisordDriver implements Driver {
  readonly peer = 'supervisord' as const;
  private daemon: ChildProcess | undefined;
  private rpc: XmlRpcClient | undefined;
  private stderr = '';
  private readonly dir: string;

  constructor(options: DriverOptions) {
    this.dir = path.join(options.tmpDir, `supervisord-${Date.now()}`);
  }

  private config(specs: readonly ProgramSpec[]): string {
    const d = this.dir;
    const lines = [
      '[unix_http_server]',
      `file=${d}/supervisor.sock`,
      '[supervisord]',
      `logfile=${d}/supervisord.log`,
      `pidfile=${d}/supervisord.pid`,
      `childlogdir=${d}/logs`,
      'nodaemon=true',
      'loglevel=warn',
      'user=root',
      // enough descriptors for every child's pipes; supervisord's child closes fds up to this
      // number before exec, so it is kept no larger than needed (default 1024).
      `minfds=${Math.max(1024, specs.length * 8 + 64)}`,
      '[rpcinterface:supervisor]',
      'supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface',
      '[supervisorctl]',
      `serverurl=unix://${d}/supervisor.sock`,
    ];
    for (const spec of specs) {
      lines.push(
        `[program:${spec.name}]`,
        `command=${commandLine(spec.argv)}`,
        'autostart=false',
        'autorestart=true',
        'startsecs=0',
        'startretries=1000000',
        `stdout_logfile=${d}/logs/${spec.name}.out`,
        `stderr_logfile=${d}/logs/${spec.name}.err`,
      );
    }
    return `${lines.join('\n')}\n`;
  }

  async load(): Promise<void> {}

  async prepare(specs: readonly ProgramSpec[]): Promise<void> {
    mkdirSync(path.join(this.dir, 'logs'), { recursive: true });
    const conf = path.join(this.dir, 'supervisord.conf');
    writeFileSync(conf, this.config(specs));
    const daemon = spawn('supervisord', ['-n', '-c', conf], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.daemon = daemon;
    daemon.stderr!.setEncoding('utf8');
    daemon.stderr!.on('data', (c: string) => {
      this.stderr += c;
    });
    const exited = new Promise<never>((_, reject) =>
      daemon.once('exit', (code) =>
        reject(new Error(`supervisord exited (${code}) at boot: ${this.stderr.trim()}`)),
      ),
    );
    exited.catch(() => {});
    this.rpc = new XmlRpcClient(path.join(this.dir, 'supervisor.sock'));
    await Promise.race([
      exited,
      pollUntil(
        'supervisord RUNNING',
        async () => {
          try {
            const state = (await this.rpc!.call('supervisor.getState')) as { statename: string };
            return state.statename === 'RUNNING' ? true : undefined;
          } catch {
            return undefined;
          }
        },
        { intervalMs: 20, timeoutMs: 30_000 },
      ),
    ]);
  }

  private call(method: string, ...params: RpcValue[]): Promise<RpcValue> {
    return this.rpc!.call(method, ...params);
  }

  async startAll(): Promise<void> {
    const results = (await this.call('supervisor.startAllProcesses', true)) as {
      status: number;
      description: string;
      name: string;
    }[];
    const failed = results.filter((r) => r.status !== 80);
    if (failed.length > 0)
      throw new Error(`supervisord: start failed for ${failed.map((f) => f.name).join(', ')}`);
  }

  async stopAll(): Promise<void> {
    await this.call('supervisor.stopAllProcesses', true);
  }

  waitRunning(name: string, notPid?: number, timeoutMs?: number): Promise<number> {
    return pollUntil(
      `supervisord ${name} RUNNING`,
      async () => {
        const info = (await this.call('supervisor.getProcessInfo', name)) as unknown as ProcessInfo;
        return info.statename === 'RUNNING' && info.pid !== notPid ? info.pid : undefined;
      },
      { timeoutMs },
    );
  }

  supervisorPid(): number | undefined {
    return this.daemon?.pid;
  }

  async close(): Promise<void> {
    const daemon = this.daemon;
    if (!daemon || daemon.exitCode !== null || daemon.signalCode !== null) {
      this.rpc?.close();
      return;
    }
    const exited = new Promise<void>((r) => daemon.once('exit', () => r()));
    try {
      await this.call('supervisor.shutdown');
    } catch {
      daemon.kill('SIGTERM');
    }
    const timedOut = await Promise.race([exited.then(() => false), sleep(30_000).then(() => true)]);
    if (timedOut) {
      daemon.kill('SIGKILL');
      await exited;
    }
    this.rpc?.close();
  }
}
