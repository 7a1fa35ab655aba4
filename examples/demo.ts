/**
 * The demo: supervise three small programs for a few seconds and print what happens.
 *   - ticker:  healthy, stays RUNNING
 *   - crasher: crashes every 1.5 s, and is restarted (EXITED -> STARTING -> RUNNING)
 *   - flapper: exits at once, backs off 1 s, 2 s, 3 s, then gives up (FATAL)
 * Then it stops everything in reverse priority order and exits. Run: npm run demo
 */
import { fileURLToPath } from 'node:url';
import { Supervisor } from 'overseer';

const program = (file: string) => [
  process.execPath,
  fileURLToPath(new URL(`programs/${file}`, import.meta.url)),
];
const started = Date.now();
const clock = () => `+${((Date.now() - started) / 1000).toFixed(3)}s`.padEnd(9);
const runForMs = Number(process.env.DEMO_MS ?? 9000);

await using sup = new Supervisor({ sampleIntervalMs: 1000 });

sup.on('state', (c) => {
  const extra = [
    c.pid ? `pid ${c.pid}` : '',
    c.to === 'BACKOFF'
      ? `try ${c.tries}, ${c.retryInMs === undefined ? 'no retries left' : `next in ${c.retryInMs} ms`}`
      : '',
    c.exit ? `exit ${c.exit.signal ?? c.exit.code}${c.exit.expected ? ' (expected)' : ''}` : '',
    c.reason ?? '',
  ].filter(Boolean);
  console.log(
    `${clock()} ${c.name.padEnd(8)} ${c.from.padEnd(8)} -> ${c.to.padEnd(8)} ${extra.join(', ')}`,
  );
});
sup.on('log', (l) =>
  console.log(`${clock()} ${l.name.padEnd(8)} ${l.stream === 'stderr' ? '!' : '|'} ${l.line}`),
);
sup.on('stats', (s) => {
  console.log(
    `${clock()} ${s.name.padEnd(8)} ~ cpu ${s.treeCpu.toFixed(1)}%, memory ${(s.treeMemory / 1048576).toFixed(1)} MB`,
  );
});
sup.on('error', (e) => console.error(`${clock()} ${e.name} error: ${e.error.message}`));

sup.add({ name: 'ticker', command: program('ticker.js'), priority: 10, startSecs: 0.5 });
sup.add({ name: 'crasher', command: program('crasher.js'), priority: 20, startSecs: 0.5 });
sup.add({ name: 'flapper', command: program('flapper.js'), priority: 30, startSecs: 1 });

console.log('Starting: ticker, crasher, flapper (ascending priority)\n');
const results = await sup.start();
for (const r of results)
  console.log(`${clock()} start ${r.name}: ${r.ok ? 'RUNNING' : `gave up: ${r.error?.message}`}`);

await new Promise((resolve) => setTimeout(resolve, Math.max(0, runForMs - (Date.now() - started))));
console.log('\nStopping everything (descending priority)\n');
await sup.stop();
console.table(
  sup
    .info()
    .map(({ name, state, exitStatus, description }) => ({ name, state, exitStatus, description })),
);
