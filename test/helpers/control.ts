import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { fixture } from './processes.js';

const run = promisify(execFile);

/** Debian's supervisorctl, when installed (test/conformance/install-supervisord.sh). */
export const SUPERVISORCTL = ['/usr/bin/supervisorctl', '/usr/local/bin/supervisorctl'].find((p) =>
  existsSync(p),
);
export const PYTHON = ['/usr/bin/python3', '/usr/local/bin/python3'].find((p) => existsSync(p));

export interface Credentials {
  readonly username: string;
  readonly password: string;
}

/** Runs one supervisorctl command against `url`; never rejects on a non-zero exit. */
export async function supervisorctl(
  url: string,
  auth: Credentials | undefined,
  ...args: string[]
): Promise<{ code: number; stdout: string }> {
  const creds = auth ? ['-u', auth.username, '-p', auth.password] : [];
  try {
    const { stdout } = await run(SUPERVISORCTL as string, ['-s', url, ...creds, ...args], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    return { code: 0, stdout };
  } catch (error) {
    const e = error as { code?: number; stdout?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '' };
  }
}

/** `supervisorctl tail -f` for `ms` milliseconds, then Ctrl-C; resolves with what it printed. */
export function tailFollow(url: string, auth: Credentials, name: string, ms: number) {
  return new Promise<{ stdout: string; code: number | null }>((resolve, reject) => {
    const args = ['-s', url, '-u', auth.username, '-p', auth.password, 'tail', '-f', name];
    const child = spawn(SUPERVISORCTL as string, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    const timer = setTimeout(() => child.kill('SIGINT'), ms);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ stdout, code });
    });
  });
}

export type RpcOutcome = { result: unknown } | { fault: number; text: string };

/** One call through Python's xmlrpc.client (the client supervisorctl and listeners use). */
export async function pythonRpc(
  url: string,
  method: string,
  params: unknown[] = [],
  auth?: Credentials,
): Promise<RpcOutcome> {
  const withAuth = auth ? url.replace('http://', `http://${auth.username}:${auth.password}@`) : url;
  const { stdout } = await run(
    PYTHON as string,
    [fixture('rpc-call.py'), withAuth, method, JSON.stringify(params)],
    { encoding: 'utf8', timeout: 30_000 },
  );
  return JSON.parse(stdout) as RpcOutcome;
}
