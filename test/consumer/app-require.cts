// A TypeScript CommonJS module (.cts): `import = require()` is typed by the declarations
// under the package's `require` condition.
import overseer = require('overseer');

const { Supervisor, TimeoutError } = overseer;

async function main(): Promise<void> {
  const sup = new Supervisor({ sampleIntervalMs: 0 });
  try {
    const web = sup.add({ name: 'web', command: ['node', 'server.cjs'], startSecs: 0.2 });
    await sup.start();
    const { match } = await web.waitForLine(/listening on (\d+)/, { timeoutMs: 10_000 });
    const body = await (await fetch(`http://127.0.0.1:${match[1]}/`)).text();
    if (body !== `hello from ${web.pid}\n`) throw new Error(`unexpected answer: ${body}`);
    await web.waitForLine('never', { since: 'now', timeoutMs: 10 }).catch((error: unknown) => {
      if (!(error instanceof TimeoutError)) throw error;
    });
  } finally {
    await sup[Symbol.asyncDispose]();
  }
  console.log('typescript commonjs: ok');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
