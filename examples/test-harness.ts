/**
 * overseer in a test suite: start a server, wait until it says it listens (readiness), use it,
 * and be sure nothing is left behind, even if the test throws. Run: npx tsx examples/test-harness.ts
 */
import { fileURLToPath } from 'node:url';
import { Supervisor } from 'overseer';

const server = fileURLToPath(new URL('programs/http-server.js', import.meta.url));

{
  // `await using`: every child is stopped when the block ends, whatever happens inside.
  await using sup = new Supervisor({ sampleIntervalMs: 0 });
  const web = sup.add({
    name: 'web',
    command: [process.execPath, server, '0'],
    readiness: { line: /listening on \d+/, timeoutSecs: 10 },
    stopWaitSecs: 2,
  });
  // Subscribe before starting, so the line cannot be missed; start() resolves once it is ready.
  const listening = web.waitForLine(/listening on (\d+)/, { timeoutMs: 10_000 });
  await web.start();
  const { match } = await listening;
  const port = Number(match?.[1]);
  const body = await (await fetch(`http://127.0.0.1:${port}/`)).text();
  console.log(`GET / -> ${body.trim()}`);
  console.log(web.info().description);
}
console.log('block left: the server is stopped and gone');
