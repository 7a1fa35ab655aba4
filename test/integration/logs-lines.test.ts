import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { logsTestContext } from '../helpers/logs-helpers.js';

const { children, setup } = logsTestContext();

describe('lines() and back-pressure', () => {
  it('a stalled consumer pauses the child (nothing lost), which resumes when read', async () => {
    const t = await setup({ stdoutLogfile: 'NONE', tailLines: 10 });
    const count = 200_000;
    const child = children.spawn('print-lines.js', count);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const lines = t.logs.lines({ stream: 'stdout' })[Symbol.asyncIterator]();
    const first = lines.next();
    const attached = t.logs.attach(child.stdout, child.stderr);
    assert.equal((await first).value?.line, 'line 1');
    await sleep(300);
    // 200,000 lines do not fit in the pipe plus the queue: the child is blocked in write().
    assert.equal(child.exitCode, null);
    for (let n = 2; n <= count; n++) {
      const next = await lines.next();
      assert.equal(next.value?.line, `line ${n}`);
    }
    await attached;
    assert.equal(await exited, 0);
    await lines.return(undefined);
  });

  it('follow: false gives the tail; since: tail starts with it; abort ends the iteration', async () => {
    const t = await setup({ tailLines: 5 });
    const child = children.spawn('print-lines.js', 20);
    await t.logs.attach(child.stdout, child.stderr);
    const buffered: string[] = [];
    for await (const line of t.logs.lines({ follow: false })) buffered.push(line.line);
    assert.deepEqual(buffered, ['line 16', 'line 17', 'line 18', 'line 19', 'line 20']);

    const controller = new AbortController();
    const seen: string[] = [];
    const second = children.spawn('print-slowly.js', 1000, 2);
    const attached = t.logs.attach(second.stdout, second.stderr);
    for await (const line of t.logs.lines({ since: 'tail', signal: controller.signal })) {
      seen.push(line.line);
      if (line.line === 'line 3' && seen.length > 5) controller.abort();
    }
    assert.deepEqual(seen.slice(0, 5), buffered);
    assert.equal(seen.at(-1), 'line 3');
    assert.deepEqual(await t.logs.lines({ signal: controller.signal }).next(), {
      done: true,
      value: undefined,
    });
    second.kill('SIGKILL');
    await attached;
  });

  it('close() ends the followers', async () => {
    const t = await setup();
    const iterator = t.logs.lines();
    const next = iterator.next();
    await t.logs.close();
    assert.deepEqual(await next, { done: true, value: undefined });
  });

  it('a file that cannot keep up pauses the pipe; every line still arrives, in order', async () => {
    const t = await setup({}, { highWaterBytes: 1024 });
    const child = children.spawn('print-lines.js', 200_000);
    const stdout = child.stdout;
    assert.ok(stdout);
    let pauses = 0;
    const pause = stdout.pause.bind(stdout);
    stdout.pause = () => {
      pauses++;
      return pause();
    };
    await t.logs.attach(stdout, child.stderr);
    assert.ok(pauses > 0, 'the pipe was paused');
    const lines = readFileSync(join(t.dir, 'app-stdout.log'), 'utf8').split('\n');
    assert.equal(lines.pop(), '');
    assert.equal(lines.length, 200_000);
    lines.forEach((line, i) => {
      if (line !== `line ${i + 1}`) assert.fail(`line ${i + 1}: ${line}`);
    });
  });
});
