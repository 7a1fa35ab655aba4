import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { OptionError } from '../../../src/errors.js';
import {
  autoLogPath,
  resolveLogPath,
  rotatedName,
  rotationSeries,
} from '../../../src/logs/log-paths.js';

describe('log paths', () => {
  it('AUTO is <logDir>/<name>-<stream>.log, no file without a logDir', () => {
    const ctx = { name: 'web', logDir: '/var/log/app' };
    assert.equal(resolveLogPath('AUTO', 'stdout', ctx), '/var/log/app/web-stdout.log');
    assert.equal(resolveLogPath('AUTO', 'stderr', ctx), '/var/log/app/web-stderr.log');
    assert.equal(resolveLogPath('AUTO', 'stdout', { name: 'web', logDir: undefined }), undefined);
    assert.equal(resolveLogPath(undefined, 'stdout', ctx), undefined);
  });

  it('relative paths resolve against logDir, else the working directory', () => {
    assert.equal(resolveLogPath('x/a.log', 'stdout', { name: 'w', logDir: '/l' }), '/l/x/a.log');
    assert.equal(
      resolveLogPath('a.log', 'stdout', { name: 'w', logDir: undefined }),
      resolve('a.log'),
    );
    assert.equal(resolveLogPath('/a/../b.log', 'stdout', { name: 'w', logDir: '/l' }), '/b.log');
  });

  it('a program name never leaves logDir', () => {
    for (const name of ['../x', 'a/b', '/etc/passwd', '../../..']) {
      assert.throws(() => autoLogPath('/var/log', name, 'stdout'), OptionError, name);
    }
    assert.equal(autoLogPath('/var/log', '..', 'stdout'), '/var/log/..-stdout.log');
    assert.equal(autoLogPath('/var/log', '..x', 'stdout'), '/var/log/..x-stdout.log');
    assert.equal(autoLogPath('/var/log/', 'a.b', 'stderr'), '/var/log/a.b-stderr.log');
  });

  it('names backups like supervisord', () => {
    assert.equal(rotatedName('/l/w.log', 0), '/l/w.log');
    assert.equal(rotatedName('/l/w.log', 3), '/l/w.log.3');
    assert.deepEqual(rotationSeries('w.log', 2), ['w.log.2', 'w.log.1', 'w.log']);
  });
});
