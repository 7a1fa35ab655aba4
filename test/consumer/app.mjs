// An ES module consumer: supervises server.cjs, talks to it, and proves it is gone after.
import { Supervisor } from 'overseer';
import { controlHandler } from 'overseer/control';

const sup = new Supervisor();
let pid = 0;
try {
  const web = sup.add({ name: 'web', command: ['node', 'server.cjs'], startSecs: 0.2 });
  await sup.start();
  const { match } = await web.waitForLine(/listening on (\d+)/, { timeoutMs: 10_000 });
  pid = web.pid;
  const body = await (await fetch(`http://127.0.0.1:${match[1]}/`)).text();
  if (body !== `hello from ${pid}\n`) throw new Error(`unexpected answer: ${body}`);
  if (typeof controlHandler(sup).close !== 'function') throw new Error('overseer/control');
} finally {
  await sup[Symbol.asyncDispose]();
}
try {
  process.kill(pid, 0);
  throw new Error(`server ${pid} is still alive`);
} catch (error) {
  if (error.code !== 'ESRCH') throw error;
}
console.log(`esm: ok (server pid ${pid} answered, then was stopped)`);
