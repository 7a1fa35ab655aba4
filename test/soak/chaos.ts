/**
 * Chaos: many programs, SIGKILLed at random (only RUNNING ones) at a fixed rate; every one
 * must come back RUNNING, and afterwards no zombie, no orphan, fds and heap back.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { Supervisor } from '../../src/index.js';
import { hostChildren } from '../../src/process/host-children.js';
import { HOST_TOKEN_VARIABLE, hostToken } from '../../src/process/host-token.js';

export interface ChaosFigures {
  programs: number;
  seconds: number;
  kills: number;
  restartMsMax: number;
  restartMsP50: number;
  allBackRunningMs: number;
  zombies: number;
  orphans: number;
  fdsBefore: number;
  fdsAfter: number;
  heapBeforeMB: number;
  heapAfterMB: number;
}

const fds = () => readdirSync('/proc/self/fd').length;
const heapMB = () => {
  (globalThis as { gc?: () => void }).gc?.();
  return Math.round((process.memoryUsage().heapUsed / 1024 / 1024) * 10) / 10;
};

/** Processes (other than the host's own children that Node spawned) carrying our token. */
export function tokenHolders(): number[] {
  const mine = `${HOST_TOKEN_VARIABLE}=${hostToken()}`;
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const env = readFileSync(`/proc/${name}/environ`, 'utf8').split('\0');
      if (env.includes(mine)) found.push(Number(name));
    } catch {
      // gone, or not readable
    }
  }
  return found;
}

export async function chaos(
  programs: number,
  seconds: number,
  killsPerSec: number,
): Promise<ChaosFigures> {
  const fdsBefore = fds();
  const heapBefore = heapMB();
  const sup = new Supervisor({ sampleIntervalMs: 500, handleSignals: false });
  for (let i = 0; i < programs; i++) {
    // A quarter keep an in-group grandchild, which the sweep must take after each kill.
    const command =
      i % 4 === 0
        ? ['/bin/sh', '-c', 'sleep 100000 & exec sleep 100000']
        : ['/bin/sleep', '100000'];
    sup.add({ name: `c${i}`, command, startSecs: 0.1, autorestart: true });
  }
  await sup.start();
  const killedAt = new Map<string, number>();
  const latencies: number[] = [];
  sup.on('state', (c) => {
    const at = killedAt.get(c.name);
    if (c.to === 'RUNNING' && at !== undefined) {
      latencies.push(Date.now() - at);
      killedAt.delete(c.name);
    }
  });
  let kills = 0;
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    const running = sup.programs.filter((p) => p.state === 'RUNNING' && !killedAt.has(p.name));
    const victim = running[Math.floor(Math.random() * running.length)];
    if (victim) {
      killedAt.set(victim.name, Date.now());
      process.kill(victim.pid, 'SIGKILL');
      kills++;
    }
    await new Promise((r) =>
      setTimeout(
        r,
        Math.max(0, kills * (1000 / killsPerSec) - (Date.now() - (end - seconds * 1000))),
      ),
    );
  }
  const settleStart = Date.now();
  while (sup.programs.some((p) => p.state !== 'RUNNING') && Date.now() - settleStart < 15_000) {
    await new Promise((r) => setTimeout(r, 20));
  }
  const allBackRunningMs = Date.now() - settleStart;
  const notRunning = sup.programs.filter((p) => p.state !== 'RUNNING').length;
  const zombies = hostChildren().filter((c) => c.zombie).length;
  await sup[Symbol.asyncDispose]();
  await new Promise((r) => setTimeout(r, 200));
  const orphans = tokenHolders().length;
  latencies.sort((a, b) => a - b);
  return {
    programs,
    seconds,
    kills,
    restartMsMax: latencies.at(-1) ?? 0,
    restartMsP50: latencies[Math.floor(latencies.length / 2)] ?? 0,
    allBackRunningMs: notRunning === 0 ? allBackRunningMs : -1,
    zombies,
    orphans,
    fdsBefore,
    fdsAfter: fds(),
    heapBeforeMB: heapBefore,
    heapAfterMB: heapMB(),
  };
}
