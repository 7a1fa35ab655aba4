/**
 * The reference side: a throwaway supervisord (Debian's) per scenario, in a temp dir, with
 * an event listener recording every PROCESS_STATE event, driven over XML-RPC.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isAlive, MARKER_VAR, markedPids, signal, sleep, waitGone } from './cleanup.js';
import { shellWord } from './fixtures.js';
import type { Side } from './side.js';
import {
  POOL_PROCESS_NAME,
  type ProgramSpec,
  processNames,
  type Scenario,
  type Transition,
} from './types.js';
import { call, intMember } from './xmlrpc.js';

const here = dirname(fileURLToPath(import.meta.url));
const LISTENER = resolve(here, 'event-listener.js');
const LISTENER_NAME = 'conformance_listener';
const SENTINEL = resolve(here, '..', 'fixtures', 'conformance-slow-stop.js');
const SENTINEL_NAME = 'conformance_sentinel';

/** The absolute path of supervisord, or undefined when it is not installed. */
export function findSupervisord(): string | undefined {
  for (const dir of ['/usr/bin', '/usr/local/bin', '/usr/sbin']) {
    const path = join(dir, 'supervisord');
    if (existsSync(path)) return path;
  }
  try {
    const path = execFileSync('sh', ['-c', 'command -v supervisord'], { encoding: 'utf8' }).trim();
    return path === '' ? undefined : path;
  } catch {
    return undefined;
  }
}

export function supervisordVersion(binary: string): string {
  try {
    return execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

function programSection(p: ProgramSpec): string {
  const lines = [`[program:${p.name}]`, `command=${p.command}`];
  const opt = (key: string, value: unknown): void => {
    if (value !== undefined) lines.push(`${key}=${value}`);
  };
  opt('autostart', p.autostart);
  opt('startsecs', p.startsecs);
  opt('startretries', p.startretries);
  opt('autorestart', p.autorestart);
  opt('exitcodes', p.exitcodes?.join(','));
  opt('stopsignal', p.stopsignal);
  opt('stopwaitsecs', p.stopwaitsecs);
  opt('priority', p.priority);
  opt('numprocs', p.numprocs);
  if (p.numprocs !== undefined) opt('process_name', POOL_PROCESS_NAME);
  return lines.join('\n');
}

export function supervisordConf(scenario: Scenario, dir: string): string {
  const sock = join(dir, 'supervisor.sock');
  return [
    '[unix_http_server]',
    `file=${sock}`,
    'chmod=0700',
    '',
    '[supervisord]',
    'nodaemon=true',
    'silent=true',
    `logfile=${join(dir, 'supervisord.log')}`,
    'logfile_maxbytes=0',
    'loglevel=debug',
    `pidfile=${join(dir, 'supervisord.pid')}`,
    `childlogdir=${dir}`,
    `directory=${dir}`,
    '',
    '[rpcinterface:supervisor]',
    'supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface',
    '',
    '[supervisorctl]',
    `serverurl=unix://${sock}`,
    '',
    `[eventlistener:${LISTENER_NAME}]`,
    `command=${[process.execPath, LISTENER, join(dir, 'events.jsonl')].map(shellWord).join(' ')}`,
    'events=PROCESS_STATE',
    'buffer_size=1024',
    'priority=-2',
    'startsecs=0',
    'autorestart=true',
    `stderr_logfile=${join(dir, 'listener.err')}`,
    '',
    // At shutdown supervisord stops groups in descending priority and the listener (lowest)
    // last; events still buffered when it stops are lost. This sentinel stops just before
    // it and takes 500 ms to do so: time for the last program events to be delivered.
    `[program:${SENTINEL_NAME}]`,
    `command=${[process.execPath, SENTINEL, '500'].map(shellWord).join(' ')}`,
    'priority=-1',
    'startsecs=0',
    'stopwaitsecs=5',
    '',
    ...scenario.programs.map(programSection).flatMap((s) => [s, '']),
  ].join('\n');
}

interface Line extends Transition {
  readonly serial: number;
}

/** What event-listener.js recorded in `file` about the programs in `names`, in order. */
export function listenerTransitions(file: string, names: ReadonlySet<string>): Transition[] {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const complete = text.slice(0, text.lastIndexOf('\n') + 1);
  const lines: Line[] = [];
  for (const raw of complete.split('\n')) {
    if (raw === '') continue;
    const line = JSON.parse(raw) as Line;
    if (names.has(line.name)) lines.push(line);
  }
  return lines;
}

export class SupervisordSide implements Side {
  readonly label = 'supervisord';
  readonly notes: string[] = [];
  private readonly sock: string;
  private readonly events: string;
  private daemon: ChildProcess | undefined;
  private readonly names: Set<string>;
  private pinger: NodeJS.Timeout | undefined;

  constructor(
    private readonly binary: string,
    private readonly scenario: Scenario,
    private readonly dir: string,
    private readonly runId: string,
  ) {
    this.sock = join(dir, 'supervisor.sock');
    this.events = join(dir, 'events.jsonl');
    this.names = new Set(scenario.programs.flatMap(processNames));
  }

  async open(): Promise<void> {
    const conf = join(this.dir, 'supervisord.conf');
    writeFileSync(conf, supervisordConf(this.scenario, this.dir));
    writeFileSync(this.events, '');
    this.daemon = spawn(this.binary, ['-n', '-c', conf], {
      cwd: this.dir,
      detached: true,
      stdio: 'ignore',
      env: { ...process.env, [MARKER_VAR]: this.runId },
    });
    this.daemon.on('error', (e) => this.notes.push(`supervisord: ${e.message}`));
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (this.daemon.exitCode !== null || this.daemon.signalCode !== null) {
        throw new Error(`supervisord exited at startup; see ${join(this.dir, 'supervisord.log')}`);
      }
      try {
        await call(this.sock, 'supervisor.getState', [], 1000);
        break;
      } catch {
        if (Date.now() > deadline) throw new Error('supervisord did not answer within 10 s');
        await sleep(50);
      }
    }
    // supervisord polls with a 1 s timeout; a cheap call every 100 ms wakes its loop, so it
    // notices deadlines and delivers events promptly. It changes no state, only latency.
    this.pinger = setInterval(() => {
      call(this.sock, 'supervisor.getState', [], 1000).catch(() => {});
    }, 100);
  }

  transitions(): Transition[] {
    return listenerTransitions(this.events, this.names);
  }

  async start(name: string): Promise<void> {
    await this.request('supervisor.startProcess', name);
  }

  async stop(name: string): Promise<void> {
    await this.request('supervisor.stopProcess', name);
  }

  private async request(method: string, name: string): Promise<void> {
    try {
      await call(this.sock, method, [name, false]);
    } catch (error) {
      this.notes.push(`${method}(${name}) refused: ${(error as Error).message}`);
    }
  }

  async pid(name: string): Promise<number> {
    const xml = await call(this.sock, 'supervisor.getProcessInfo', [name]);
    return intMember(xml, 'pid') ?? 0;
  }

  /** SIGTERM, as an init system would: supervisord stops its programs, then exits. */
  async shutdown(): Promise<void> {
    const pid = this.daemon?.pid;
    if (!pid) return;
    signal(pid, 'SIGTERM');
    const left = await waitGone([pid], this.stopBudgetMs());
    if (left.length > 0) throw new Error('supervisord did not exit after SIGTERM');
  }

  private stopBudgetMs(): number {
    const wait = this.scenario.programs.reduce((sum, p) => sum + (p.stopwaitsecs ?? 10), 0);
    return (wait + 3) * 1000;
  }

  /** SIGTERM supervisord (it stops its children), then SIGKILL anything left. */
  async close(): Promise<void> {
    const daemon = this.daemon;
    if (!daemon?.pid) {
      if (this.pinger) clearInterval(this.pinger);
      return;
    }
    const ours = markedPids(this.runId);
    if (isAlive(daemon.pid)) {
      signal(daemon.pid, 'SIGTERM');
      // Its children may take stopwaitsecs each to stop; give it that and a margin.
      const left = await waitGone([daemon.pid], this.stopBudgetMs());
      if (left.length > 0) {
        this.notes.push('supervisord ignored SIGTERM; killed');
        signal(daemon.pid, 'SIGKILL');
      }
    }
    // The pinger kept its loop turning while it shut down; now it is gone.
    if (this.pinger) clearInterval(this.pinger);
    for (const pid of ours) if (isAlive(pid)) signal(pid, 'SIGKILL');
    await waitGone(ours, 2000);
  }

  /** supervisord's own log, for a failure report. */
  logTail(lines = 30): string {
    try {
      const text = readFileSync(join(this.dir, 'supervisord.log'), 'utf8').trimEnd().split('\n');
      return text.slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }
}
