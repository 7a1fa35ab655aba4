import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { LogWriteError } from '../../src/logs/errors.js';
import { logsTestContext, until } from '../helpers/logs-helpers.js';

const { children, setup } = logsTestContext();

function assertLogError(error: Error | undefined, file: string, problem: RegExp): void {
  assert.ok(error instanceof LogWriteError, `not a LogWriteError: ${error}`);
  assert.equal(error.code, 'LOG_WRITE_FAILED');
  assert.equal(error.program, 'app');
  assert.equal(error.file, file);
  assert.match(error.message, problem);
  assert.ok(error.message.includes(`"${file}"`) && error.message.includes('"app"'));
}

describe('log file failures', () => {
  it('an unwritable directory: one error, the child runs on, lines stay in memory, writing resumes', async () => {
    // A relative path resolves against logDir; the files open at the first line.
    const t = await setup({ stdoutLogfile: 'not-a-dir/out.log' }, { retryMs: 50 });
    const blocker = join(t.dir, 'not-a-dir');
    writeFileSync(blocker, '');
    const file = join(blocker, 'out.log');
    const logs = t.logs;
    const child = children.spawn('print-lines.js', 5000);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await logs.attach(child.stdout, child.stderr);
    assert.equal(await exited, 0);
    assert.equal(t.errors.length, 1);
    assertLogError(t.errors[0], file, /could not be opened or written: .*ENOTDIR/);
    assert.equal(logs.tail(1)[0]?.line, 'line 5000');

    rmSync(blocker);
    mkdirSync(blocker);
    await sleep(60);
    const again = children.spawn('print-lines.js', 3, 'again ');
    await logs.attach(again.stdout, again.stderr);
    assert.equal(readFileSync(file, 'utf8'), 'again 1\nagain 2\nagain 3\n');
    assert.equal(t.errors.length, 1);
  });

  it('a deleted log file is reported and written again from the next lines on', async () => {
    const t = await setup({}, { checkMs: 10 });
    const file = join(t.dir, 'app-stdout.log');
    const child = children.spawn('print-slowly.js', 100_000, 2);
    const attached = t.logs.attach(child.stdout, child.stderr);
    await t.logs.waitForLine('line 5', { timeoutMs: 10_000 });
    await until(() => existsSync(file) && readFileSync(file, 'utf8').includes('line 5\n'));
    unlinkSync(file);
    await until(() => t.errors.length > 0);
    assertLogError(t.errors[0], file, /was deleted or moved while in use/);
    await until(() => existsSync(file) && readFileSync(file, 'utf8').length > 0);
    const { line } = await t.logs.waitForLine(/^line \d+$/, { timeoutMs: 10_000 });
    await t.logs.flush();
    assert.equal(child.exitCode, null, 'the child kept running');
    child.kill('SIGKILL');
    await attached;
    assert.ok(readFileSync(file, 'utf8').includes(`${line.line}\n`));
    assert.equal(t.errors.length, 1);
  });
});
