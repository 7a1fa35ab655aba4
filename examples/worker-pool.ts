/**
 * A worker pool that scales at runtime: supervisord's numprocs, with scale(). Every member gets
 * its slot through a template. Run: npx tsx examples/worker-pool.ts
 */
import { fileURLToPath } from 'node:url';
import { Supervisor } from 'overseer';

const worker = fileURLToPath(new URL('programs/worker.js', import.meta.url));
await using sup = new Supervisor({ sampleIntervalMs: 0 });
sup.on('add', (p) => console.log(`+ ${p.group}:${p.name}`));
sup.on('remove', (p) => console.log(`- ${p.group}:${p.name}`));

const pool = sup.addPool({
  name: 'worker',
  command: [process.execPath, worker],
  numprocs: 2,
  processName: '%(program_name)s_%(process_num)02d',
  environment: { SLOT: '%(process_num)d' },
  startSecs: 0.2,
});
await sup.start();
console.log('running:', pool.members.map((p) => `${p.name} (pid ${p.pid})`).join(', '));

await pool.scale(4); // two more, started at once
await Promise.all(pool.members.map((p) => p.waitFor('RUNNING', { timeoutMs: 5000 })));
console.log('scaled up:', pool.members.map((p) => p.name).join(', '));

await pool.scale(1); // stops and removes the highest-numbered first
console.log('scaled down:', pool.members.map((p) => `${p.name} (pid ${p.pid})`).join(', '));
console.log(pool.members[0]?.tail(3).map((l) => l.line));
