import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { LogWriteError } from '../../src/logs/errors.js';
import { logsTestContext, type TestLogs, until } from '../helpers/logs-helpers.js';

const { children, setup } = logsTestContext();

function assertLogError(error: Error | undefined, file: string, problem: RegExp): void {
  assert.ok(error instanceof LogWriteError, `not a LogWriteError: ${error}`);
  assert.equal(error.code, 'LOG_WRITE_FAILED');
  assert.equal(error.program, 'app');
  assert.equal(error.file, file);
  assert.match(error.message, problem);
  assert.ok(error.message.includes(`"${file}"`) && error.message.includes('"app"'));
}

/** A 64 KiB tmpfs (root only), or undefined where mounting is not allowed. */
function smallDisk(): { path: string; unmount(): void } | undefined {
  const path = mkdtempSync(join(tmpdir(), 'overseer-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', path], { stdio: 'ignore' });
  } catch {
    rmSync(path, { recursive: true, force: true });
    return undefined;
  }
  return {
    path,
    unmount() {
      execFileSync('umount', ['--lazy', path]);
      rmSync(path, { recursive: true, force: true });
    },
  };
}

/** Writes zeros into `file` until the disk is full. */
function fillDisk(file: string): void {
  try {
    writeFileSync(file, Buffer.alloc(1024 * 1024));
  } catch (error) {
    assert.equal((error as NodeJS.ErrnoException).code, 'ENOSPC');
  }
}

/** The full-disk scenario, on a disk at `dir` with room for a few KiB of log. */
async function fullDiskEpisode(logs: TestLogs, dir: string): Promise<void> {
  const file = join(dir, 'out.log');
  const child = children.spawn('print-slowly.js', 100_000, 1);
  const attached = logs.logs.attach(child.stdout, child.stderr);
  await until(() => existsSync(file) && readFileSync(file, 'utf8').includes('line 5\n'));
  fillDisk(join(dir, 'filler'));
  await until(() => logs.errors.length > 0);
  assertLogError(logs.errors[0], file, /could not be opened or written: .*ENOSPC/);
  const { line: during } = await logs.logs.waitForLine(/^line \d+$/, {
    since: 'now',
    timeoutMs: 10_000,
  });
  await sleep(200); // many retries at 20 ms, all failing
  assert.equal(logs.errors.length, 1, 'one error for the whole episode');
  assert.equal(child.exitCode, null, 'the child kept running');
  assert.match(logs.logs.tail(1)[0]?.line ?? '', /^line \d+$/, 'in-memory capture went on');

  const sizeWhenFull = statSync(file).size;
  rmSync(join(dir, 'filler'));
  // Lines that come before the next retry (20 ms) are dropped too; then writing resumes.
  await until(() => statSync(file).size > sizeWhenFull);
  const { line: after } = await logs.logs.waitForLine(/^line \d+$/, {
    since: 'now',
    timeoutMs: 10_000,
  });
  await until(() => readFileSync(file, 'utf8').includes(`${after.line}\n`));
  child.kill('SIGKILL');
  await attached;
  const written = readFileSync(file, 'utf8');
  assert.ok(!written.includes(`${during.line}\n`), 'lines of the full spell are not in the file');
  assert.match(written, /\nline \d+\n$/, 'the file ends with a whole line');
  assert.equal(logs.errors.length, 1);
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

  it('a full disk: one error, the child runs on, lines stay in memory, writing resumes when there is room', async (t) => {
    const disk = smallDisk();
    if (!disk) return t.skip('mounting a small tmpfs needs root');
    const logs = await setup({ stdoutLogfile: join(disk.path, 'out.log') }, { retryMs: 20 });
    try {
      await fullDiskEpisode(logs, disk.path);
    } finally {
      await children.killAll();
      await logs.logs.close(); // the file must be closed before the disk is unmounted
      disk.unmount();
    }
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
    const { line } = await t.logs.waitForLine(/^line \d+$/, { since: 'now', timeoutMs: 10_000 });
    await t.logs.flush();
    assert.equal(child.exitCode, null, 'the child kept running');
    child.kill('SIGKILL');
    await attached;
    assert.ok(readFileSync(file, 'utf8').includes(`${line.line}\n`));
    assert.equal(t.errors.length, 1);
  });
});
