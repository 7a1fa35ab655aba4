import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { fixture } from '../helpers/processes.js';

describe('logPrefix', () => {
  it('lines of several programs on the host stdout each say whose they are', async () => {
    const host = fileURLToPath(new URL('../fixtures/host-logs-with-prefix.ts', import.meta.url));
    const count = 5000;
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        ['--import', 'tsx', host, fixture('print-lines.js'), String(count)],
        { maxBuffer: 64 * 1024 * 1024 },
        (error, out) => (error ? reject(error) : resolve(out)),
      ),
    );
    const lines = stdout.split('\n');
    assert.equal(lines.pop(), '');
    assert.equal(lines.pop(), 'done');
    const seen = new Map<string, number>();
    for (const line of lines) {
      const m = /^(worker_0 \| w |worker_1 \| w |web {5}\| e )(\d+)$/.exec(line);
      assert.ok(m, `not prefixed, or mixed: ${JSON.stringify(line.slice(0, 80))}`);
      const [, who = '', n] = m;
      assert.equal(Number(n), (seen.get(who) ?? 0) + 1, `${who} in order`);
      seen.set(who, Number(n));
    }
    assert.deepEqual([...seen.values()], [count, count, count]);
  });
});
