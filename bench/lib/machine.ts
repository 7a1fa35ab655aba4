/** Machine info and the versions of everything measured, for the report header. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import type { PeerVersions } from './types.js';

const require = createRequire(import.meta.url);

function packageVersion(name: string): string {
  try {
    const path = require.resolve(`${name}/package.json`);
    return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

function supervisordVersion(): string {
  try {
    return execFileSync('supervisord', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return 'not installed';
  }
}

/** `overseer`: the packed package's version and what was packed (lib/overseer-source.ts). */
export function peerVersions(overseer: string): PeerVersions {
  return {
    overseer,
    supervisord: supervisordVersion(),
    pm2: packageVersion('pm2'),
    'forever-monitor': packageVersion('forever-monitor'),
    respawn: packageVersion('respawn'),
    node: process.version,
  };
}

export interface MachineInfo {
  readonly cpu: string;
  readonly cores: number;
  readonly memory: string;
  readonly os: string;
  readonly node: string;
  readonly date: string;
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    node: process.version,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  };
}
