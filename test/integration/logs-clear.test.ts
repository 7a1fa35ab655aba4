import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { nodeFixture, tempDir, testSupervisor } from '../helpers/processes.js';

describe('clearLog() and clearLogs(): supervisord clearProcessLogs', () => {
  it('empties the file; later lines go to the new one; the lines in memory stay', async () => {
    await using dir = await tempDir();
    await using sup = testSupervisor();
    const file = join(dir.path, 'out.log');
    const p = sup.add({
      name: 'echo',
      command: nodeFixture('echo-stdin.js'),
      stdoutLogfile: file,
      startSecs: 0,
    });
    await p.start();
    await p.write('before\n');
    await p.waitForLine('got:before');
    await p.readLog().then((t) => assert.match(t, /before/));
    await p.clearLog();
    assert.equal(readFileSync(file, 'utf8'), '');
    await p.write('after\n');
    await p.waitForLine('got:after');
    assert.equal(await p.readLog(), 'got:after\n');
    await p.stop();
    assert.equal(p.tail().length, 2, 'the lines in memory stay');
  });

  it('is safe while the file rotates under a flood of output', async () => {
    await using dir = await tempDir();
    await using sup = testSupervisor();
    const errors: string[] = [];
    sup.on('error', (e) => errors.push(e.error.message));
    const file = join(dir.path, 'bulk.log');
    const p = sup.add({
      name: 'bulk',
      command: nodeFixture('print-bulk.js', 8 * 1024 * 1024, 'linger'),
      stdoutLogfile: file,
      stdoutLogfileMaxbytes: '64KB',
      stdoutLogfileBackups: 2,
      startSecs: 0,
    });
    await p.start();
    for (let i = 0; i < 20; i++) {
      await sup.clearLogs();
      await new Promise((r) => setTimeout(r, 5));
    }
    await p.waitForLine('END', { timeoutMs: 30_000 });
    await p.stop();
    assert.deepEqual(errors, []);
    assert.ok(existsSync(file));
    const names = readdirSync(dir.path).sort();
    assert.ok(
      names.every((n) => /^bulk\.log(\.[12])?$/.test(n)),
      names.join(', '),
    );
    // Every file holds whole lines only: no write was split or interleaved by a clear.
    for (const n of names) {
      const text = readFileSync(join(dir.path, n), 'utf8');
      assert.ok(text === '' || /^(x{40}\n|END\n)+$/.test(text), `${n} holds only whole lines`);
      assert.ok(statSync(join(dir.path, n)).size <= 64 * 1024 + 41);
    }
  });
});
