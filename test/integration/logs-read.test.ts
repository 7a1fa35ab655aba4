import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { NoLogFileError } from '../../src/logs/errors.js';
import { readBytes, tailBytes } from '../../src/logs/log-read.js';
import { nodeFixture, tempDir, testSupervisor } from '../helpers/processes.js';

describe('reading log files back (supervisord readProcessStdoutLog / tailProcessStdoutLog)', () => {
  it('readBytes: a range, to the end, the last bytes, a missing file', async () => {
    await using dir = await tempDir();
    const file = join(dir.path, 'a.log');
    writeFileSync(file, '0123456789');
    const read = async (offset: number, length: number) =>
      (await readBytes(file, offset, length)).toString();
    assert.equal(await read(0, 0), '0123456789');
    assert.equal(await read(2, 3), '234');
    assert.equal(await read(8, 5), '89');
    assert.equal(await read(20, 0), '');
    assert.equal(await read(-3, 0), '789');
    assert.equal(await read(-30, 0), '0123456789');
    assert.equal((await readBytes(join(dir.path, 'none.log'), 0, 0)).length, 0);
  });

  it('tailBytes: new bytes since an offset, overflow when more came, a shrunk file from its start', async () => {
    await using dir = await tempDir();
    const file = join(dir.path, 'a.log');
    writeFileSync(file, 'abcdef');
    assert.deepEqual(await tailBytes(file, 0, 100), { data: 'abcdef', offset: 6, overflow: false });
    assert.deepEqual(await tailBytes(file, 0, 2), { data: 'ef', offset: 6, overflow: true });
    writeFileSync(file, 'abcdefgh');
    assert.deepEqual(await tailBytes(file, 6, 100), { data: 'gh', offset: 8, overflow: false });
    assert.deepEqual(await tailBytes(file, 8, 100), { data: '', offset: 8, overflow: false });
    writeFileSync(file, 'xy'); // rotated: smaller than the offset
    assert.deepEqual(await tailBytes(file, 8, 100), { data: 'xy', offset: 2, overflow: true });
    assert.deepEqual(await tailBytes(join(dir.path, 'none.log'), 5, 10), {
      data: '',
      offset: 0,
      overflow: false,
    });
  });

  it('program.readLog() and tailLog() read what was captured, flushed first', async () => {
    await using dir = await tempDir();
    await using sup = testSupervisor({ logDir: dir.path });
    const program = sup.add({
      name: 'printer',
      command: nodeFixture('print-lines.js', 1000),
      startSecs: 0,
      autorestart: false,
    });
    assert.equal(await program.readLog(), '', 'nothing written yet: no file, empty');
    await program.start();
    await program.waitFor('EXITED', { timeoutMs: 10_000 });
    const whole = await program.readLog();
    assert.equal(whole, readFileSync(join(dir.path, 'printer-stdout.log'), 'utf8'));
    assert.ok(whole.endsWith('line 999\nline 1000\n'));
    assert.equal(await program.readLog({ offset: -10 }), 'line 1000\n');
    assert.equal(await program.readLog({ offset: 7, length: 7 }), 'line 2\n');

    const first = await program.tailLog({ length: 20 });
    assert.deepEqual(first, {
      data: whole.slice(-20),
      offset: Buffer.byteLength(whole),
      overflow: true,
    });
    await program.start();
    await program.waitFor('EXITED', { timeoutMs: 10_000 });
    const next = await program.tailLog({ offset: first.offset, length: 1_000_000 });
    assert.equal(next.overflow, false);
    assert.equal(next.data, whole, 'exactly the second run, nothing twice');
  });

  it('NO_FILE for a stream without a file, typed errors for bad arguments', async () => {
    await using sup = testSupervisor();
    const program = sup.add({
      name: 'quiet',
      command: nodeFixture('print-lines.js', 1),
      stdoutLogfile: '/dev/null',
      redirectStderr: true,
    });
    const noFile = async (promise: Promise<unknown>, why: RegExp) => {
      const error = await promise.then(
        () => assert.fail('resolved'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof NoLogFileError);
      assert.equal(error.code, 'NO_FILE');
      assert.match(error.message, why);
    };
    await noFile(
      program.readLog(),
      /^Program "quiet" has no stdout log file to read: it goes to \/dev\/null, which is not a file\. Use tail\(\) or lines\(\)/,
    );
    await noFile(
      program.tailLog({ stream: 'stderr', length: 10 }),
      /no stderr log file to read: redirectStderr puts stderr in the stdout file/,
    );
    await assert.rejects(program.readLog({ offset: -5, length: 3 }), {
      code: 'INVALID_OPTION',
      message:
        'Invalid option "length" of program "quiet": got 3. A negative offset reads up to the end: leave length at 0.',
    });
    await assert.rejects(program.tailLog({ offset: -1, length: 3 }), {
      message:
        'Invalid option "offset" of program "quiet": got -1. Use a whole number of bytes >= 0.',
    });
    await assert.rejects(program.tailLog({ length: 1.5 }), {
      message:
        'Invalid option "length" of program "quiet": got 1.5. Use a whole number of bytes >= 0.',
    });
  });
});
