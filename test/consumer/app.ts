// A TypeScript consumer compiled with strict NodeNext settings and skipLibCheck off: the
// published declarations must compile as they are. Same checks as app.mjs.
import {
  type LineMatch,
  type ProcessState,
  type Program,
  Supervisor,
  TimeoutError,
} from 'overseer';
import { type ControlHandler, controlHandler } from 'overseer/control';

async function serve(sup: Supervisor): Promise<{ web: Program; match: LineMatch }> {
  const web = sup.add({ name: 'web', command: ['node', 'server.cjs'], startSecs: 0.2 });
  const states: ProcessState[] = [];
  web.on('state', (change) => states.push(change.to));
  await sup.start();
  const match = await web.waitForLine(/listening on (\d+)/, { timeoutMs: 10_000 });
  if (states.at(-1) !== 'RUNNING') throw new Error(`states: ${states.join(', ')}`);
  return { web, match };
}

const sup = new Supervisor({ sampleIntervalMs: 0 });
let pid = 0;
try {
  const { web, match } = await serve(sup);
  pid = web.pid;
  const body = await (await fetch(`http://127.0.0.1:${match.match[1]}/`)).text();
  if (body !== `hello from ${pid}\n`) throw new Error(`unexpected answer: ${body}`);
  const control: ControlHandler = controlHandler(sup, { readOnly: true });
  control.close();
  const late = web.waitForLine('never printed', { since: 'now', timeoutMs: 10 });
  await late.then(
    () => Promise.reject(new Error('matched a line never printed')),
    (error: unknown) => {
      if (!(error instanceof TimeoutError)) throw error;
    },
  );
} finally {
  await sup[Symbol.asyncDispose]();
}
try {
  process.kill(pid, 0);
  throw new Error(`server ${pid} is still alive`);
} catch (error) {
  if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
}
console.log(`typescript: ok (server pid ${pid} answered, then was stopped)`);
