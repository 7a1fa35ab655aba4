import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { nodeFixture, tempDir, testSupervisor } from '../helpers/processes.js';

describe('an error event nobody listens to is not dropped (issue 11, point 11)', () => {
  it('a logDir that is a file: one process warning for the episode, naming the file', async () => {
    await using dir = await tempDir();
    const notADir = join(dir.path, 'file');
    writeFileSync(notADir, 'x');
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      await using sup = testSupervisor({ logDir: notADir });
      const p = sup.add({
        name: 'app',
        command: nodeFixture('print-slowly.js', 100, 20),
        startSecs: 0,
      });
      await p.start();
      await new Promise((r) => setTimeout(r, 400));
      await sup.stop();
    } finally {
      process.off('warning', onWarning);
    }
    const logWarnings = warnings.filter(
      (w) => (w as { code?: string }).code === 'LOG_WRITE_FAILED',
    );
    assert.equal(logWarnings.length, 1, warnings.map((w) => w.message).join('\n'));
    assert.match(
      logWarnings[0]?.message ?? '',
      /Log file ".*file\/app-stdout\.log" of program "app" could not be opened/,
    );
  });

  it('with a listener, no warning', async () => {
    await using dir = await tempDir();
    const notADir = join(dir.path, 'file');
    writeFileSync(notADir, 'x');
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    const errors: Error[] = [];
    try {
      await using sup = testSupervisor({ logDir: notADir });
      sup.on('error', (e) => errors.push(e.error));
      const p = sup.add({
        name: 'app',
        command: nodeFixture('print-slowly.js', 100, 20),
        startSecs: 0,
      });
      await p.start();
      await new Promise((r) => setTimeout(r, 300));
      await sup.stop();
    } finally {
      process.off('warning', onWarning);
    }
    assert.ok(errors.length >= 1);
    assert.deepEqual(
      warnings.filter((w) => (w as { code?: string }).code === 'LOG_WRITE_FAILED'),
      [],
    );
  });
});
