/**
 * A server under test with node:test: started by overseer, ready on its log line, used, and
 * gone when the block ends (`await using`), even when an assertion throws. The last test is
 * the leak check. Run: node --import tsx --test examples/test-harness/node-test.test.ts
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Supervisor } from 'overseer';

const server = fileURLToPath(new URL('../programs/http-server.js', import.meta.url));
const pids: number[] = [];

/** Is a process with this pid still there? */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('http-server', () => {
  it('answers GET /', async () => {
    // handleSignals: false - the test runner owns the process's signals.
    await using sup = new Supervisor({ sampleIntervalMs: 0, handleSignals: false });
    const web = sup.add({
      name: 'web',
      command: [process.execPath, server, '0'], // port 0: any free port
      readiness: { line: /listening on \d+/, timeoutSecs: 10 }, // RUNNING once it says so
      stopWaitSecs: 2,
    });
    await sup.start(); // resolves once the line was printed
    const { match } = await web.waitForLine(/listening on (\d+)/); // that same line
    pids.push(web.pid);
    const res = await fetch(`http://127.0.0.1:${match[1]}/`);
    assert.equal(res.status, 200);
    assert.equal(await res.text(), `hello from pid ${web.pid}\n`);
  }); // <- the server is stopped here, whatever happened above

  it('left no process behind', () => {
    assert.ok(pids.length > 0);
    for (const pid of pids) assert.equal(alive(pid), false, `pid ${pid} is still running`);
  });
});
