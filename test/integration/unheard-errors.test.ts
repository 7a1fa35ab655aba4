import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Supervisor } from '../../src/index.js';
import { eventually } from '../helpers/deadline.js';
import { nodeFixture, tempDir, testSupervisor } from '../helpers/processes.js';

const isLogWarning = (w: Error) => (w as { code?: string }).code === 'LOG_WRITE_FAILED';

/**
 * Runs a chatty program whose logDir is a file (every open fails) until `done()` says so,
 * then a further `windowMs` in which more failures happen; returns the process warnings.
 */
async function runWithBrokenLogDir(
  setup: (sup: Supervisor) => void,
  done: (warnings: Error[]) => boolean,
  windowMs: number,
): Promise<Error[]> {
  await using dir = await tempDir();
  const notADir = join(dir.path, 'file');
  writeFileSync(notADir, 'x');
  const warnings: Error[] = [];
  const onWarning = (w: Error) => warnings.push(w);
  process.on('warning', onWarning);
  try {
    await using sup = testSupervisor({ logDir: notADir });
    setup(sup);
    const p = sup.add({
      name: 'app',
      command: nodeFixture('print-slowly.js', 100, 20),
      startSecs: 0,
    });
    await p.start();
    await eventually(() => done(warnings), 'the first log failure');
    await new Promise((r) => setTimeout(r, windowMs));
    await sup.stop();
  } finally {
    process.off('warning', onWarning);
  }
  return warnings;
}

describe('an error event nobody listens to is not dropped (issue 11, point 11)', () => {
  it('a logDir that is a file: one process warning for the episode, naming the file', async () => {
    const warnings = await runWithBrokenLogDir(
      () => {},
      (w) => w.some(isLogWarning),
      300,
    );
    const logWarnings = warnings.filter(isLogWarning);
    assert.equal(logWarnings.length, 1, warnings.map((w) => w.message).join('\n'));
    assert.match(
      logWarnings[0]?.message ?? '',
      /Log file ".*file\/app-stdout\.log" of program "app" could not be opened/,
    );
  });

  it('with a listener, no warning', async () => {
    const errors: Error[] = [];
    const listen = (sup: Supervisor) => sup.on('error', (e) => errors.push(e.error));
    const warnings = await runWithBrokenLogDir(listen, () => errors.length >= 1, 200);
    assert.deepEqual(warnings.filter(isLogWarning), []);
  });
});
