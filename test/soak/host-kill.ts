/** The host SIGKILLed with in-group and setsid grandchildren: nobody may survive 1 s. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHost } from '../helpers/host-run.js';
import { isAlive } from '../helpers/processes.js';

export interface HostKillFigures {
  runs: number;
  descendants: number;
  survivors: number;
  slowestGoneMs: number;
}

export async function hostKills(runs: number): Promise<HostKillFigures> {
  const figures = { runs, descendants: 0, survivors: 0, slowestGoneMs: 0 };
  for (let i = 0; i < runs; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'overseer-soak-'));
    try {
      const host = await startHost('host-with-escapes.ts', [dir, '100']);
      const pids = host.line.split(' ').slice(1, 4).map(Number);
      figures.descendants += pids.length;
      const killed = Date.now();
      host.child.kill('SIGKILL');
      let alive = pids;
      while (alive.length > 0 && Date.now() - killed < 1000) {
        await new Promise((r) => setTimeout(r, 10));
        alive = alive.filter(isAlive);
      }
      figures.slowestGoneMs = Math.max(figures.slowestGoneMs, Date.now() - killed);
      figures.survivors += alive.length;
      for (const pid of alive) process.kill(pid, 'SIGKILL');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return figures;
}
