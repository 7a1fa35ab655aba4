import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OptionError } from '../../../src/errors.js';
import { LOG_OPTION_KEYS, normalizeLogOptions } from '../../../src/logs/options.js';
import { normalizeProgramOptions } from '../../../src/options/normalize.js';

const ctx = { program: 'web' };

function rejects(input: Record<string, unknown>, option: string, message: string): void {
  assert.throws(
    () => normalizeLogOptions(ctx, input),
    (error: unknown) => {
      assert.ok(error instanceof OptionError);
      assert.equal(error.option, option);
      assert.equal(error.message, message);
      return true;
    },
  );
}

describe('log options', () => {
  it('defaults to supervisord values', () => {
    const c = normalizeLogOptions(ctx, {});
    const file = { logfile: 'AUTO', maxBytes: 50 * 1024 * 1024, backups: 10 };
    assert.deepEqual(c, {
      stdout: file,
      stderr: file,
      redirectStderr: false,
      logTimestamps: false,
      logPrefix: '',
      tailLines: 1000,
      maxLineBytes: 1024 * 1024,
    });
    assert.ok(Object.isFrozen(c) && Object.isFrozen(c.stdout));
  });

  it('takes paths, AUTO and NONE (any case), sizes with units, backups', () => {
    const c = normalizeLogOptions(ctx, {
      stdoutLogfile: '/var/log/web.log',
      stdoutLogfileMaxbytes: '1KB',
      stdoutLogfileBackups: 0,
      stderrLogfile: 'none',
      stderrLogfileMaxbytes: 0,
      logTimestamps: true,
      tailLines: 0,
    });
    assert.deepEqual(c.stdout, { logfile: '/var/log/web.log', maxBytes: 1024, backups: 0 });
    assert.deepEqual(c.stderr, { logfile: undefined, maxBytes: 0, backups: 10 });
    assert.equal(normalizeLogOptions(ctx, { stdoutLogfile: 'auto' }).stdout.logfile, 'AUTO');
    assert.equal(c.logTimestamps, true);
    assert.equal(c.tailLines, 0);
    assert.equal(normalizeLogOptions(ctx, { maxLineBytes: '4MB' }).maxLineBytes, 4 * 1024 * 1024);
    assert.equal(normalizeLogOptions(ctx, { maxLineBytes: 2048 }).maxLineBytes, 2048);
  });

  it('redirectStderr drops the stderr file', () => {
    const c = normalizeLogOptions(ctx, { redirectStderr: true });
    assert.equal(c.redirectStderr, true);
    assert.equal(c.stderr.logfile, undefined);
    assert.equal(
      normalizeLogOptions(ctx, { redirectStderr: true, stderrLogfile: 'NONE' }).stderr.logfile,
      undefined,
    );
  });

  it('names the option, the value and the fix', () => {
    rejects(
      { stdoutLogfile: '' },
      'stdoutLogfile',
      'Invalid option "stdoutLogfile" of program "web": got "". Use a file path like "/var/log/app.log", "AUTO" (a file in the supervisor\'s logDir) or "NONE".',
    );
    rejects(
      { stderrLogfile: '/var/log/' },
      'stderrLogfile',
      'Invalid option "stderrLogfile" of program "web": got "/var/log/". Use a file path like "/var/log/app.log", "AUTO" (a file in the supervisor\'s logDir) or "NONE".',
    );
    rejects(
      { stdoutLogfileMaxbytes: '50 parsecs' },
      'stdoutLogfileMaxbytes',
      'Invalid option "stdoutLogfileMaxbytes" of program "web": got "50 parsecs". Use a number of bytes >= 0 or a string like "50MB" (units KB, MB, GB).',
    );
    rejects(
      { stderrLogfileBackups: -1 },
      'stderrLogfileBackups',
      'Invalid option "stderrLogfileBackups" of program "web": got -1. Use a whole number from 0 to 1000, for example stderrLogfileBackups: 10.',
    );
    rejects(
      { tailLines: 1.5 },
      'tailLines',
      'Invalid option "tailLines" of program "web": got 1.5. Use a whole number from 0 to 1000000, for example tailLines: 1000.',
    );
    rejects(
      { maxLineBytes: 100 },
      'maxLineBytes',
      'Invalid option "maxLineBytes" of program "web": got 100. Use a size from "1KB" to "64MB", for example "1MB".',
    );
    rejects(
      { maxLineBytes: '1GB' },
      'maxLineBytes',
      'Invalid option "maxLineBytes" of program "web": got "1GB". Use a size from "1KB" to "64MB", for example "1MB".',
    );
    rejects(
      { logTimestamps: 'yes' },
      'logTimestamps',
      'Invalid option "logTimestamps" of program "web": got "yes". Use true or false.',
    );
    rejects(
      { redirectStderr: true, stderrLogfile: '/tmp/err.log' },
      'stderrLogfile',
      'Invalid option "stderrLogfile" of program "web": got "/tmp/err.log". redirectStderr: true writes stderr into the stdout file; drop stderrLogfile or set redirectStderr: false.',
    );
  });

  it('is wired into the program options (known keys, typo hints)', () => {
    assert.equal(LOG_OPTION_KEYS.length, 11);
    const c = normalizeProgramOptions({
      name: 'web',
      command: 'true',
      tailLines: 5,
      maxLineBytes: '2KB',
    });
    assert.equal(c.logs.maxLineBytes, 2048);
    assert.equal(c.logs.tailLines, 5);
    assert.throws(
      () => normalizeProgramOptions({ name: 'web', command: 'true', stdoutLogfileMaxBytes: 1 }),
      /Did you mean "stdoutLogfileMaxbytes"\?/,
    );
  });
});

describe('logPrefix', () => {
  it('takes a one-line string; rejects newlines, non-strings and long ones', () => {
    assert.equal(normalizeLogOptions(ctx, { logPrefix: 'web | ' }).logPrefix, 'web | ');
    const message = (got: string) =>
      `Invalid option "logPrefix" of program "web": got ${got}. Use a short one-line string (at most 256 characters), for example "%(program_name)s | ".`;
    rejects({ logPrefix: 'a\nb' }, 'logPrefix', message('"a\\nb"'));
    rejects({ logPrefix: 7 }, 'logPrefix', message('7'));
    assert.throws(() => normalizeLogOptions(ctx, { logPrefix: 'x'.repeat(257) }), OptionError);
  });
});
