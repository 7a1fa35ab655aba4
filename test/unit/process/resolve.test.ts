import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { normalizeProgramOptions } from '../../../src/options/normalize.js';
import { planSpawn } from '../../../src/process/resolve.js';
import { tempDir } from '../../helpers/processes.js';

const plan = (command: string, PATH: string) =>
  planSpawn(
    normalizeProgramOptions({
      name: 'p',
      command,
      environment: { PATH },
      inheritEnvironment: false,
    }),
  );

describe('PATH lookup like execvp (issue 11, point 8)', () => {
  it('skips a PATH entry that is a file, or missing', async () => {
    await using dir = await tempDir();
    const file = join(dir.path, 'not-a-dir');
    writeFileSync(file, 'x');
    const found = plan('sh', [file, join(dir.path, 'missing'), '/bin', '/usr/bin'].join(':')).file;
    assert.match(found, /\/bin\/sh$/);
  });

  it('skips a file the host cannot execute and finds the next one; names it when alone', async () => {
    await using dir = await tempDir();
    mkdirSync(join(dir.path, 'a'));
    writeFileSync(join(dir.path, 'a', 'tool'), '#!/bin/sh\n', { mode: 0o644 });
    mkdirSync(join(dir.path, 'b'));
    writeFileSync(join(dir.path, 'b', 'tool'), '#!/bin/sh\n', { mode: 0o755 });
    const a = join(dir.path, 'a');
    assert.equal(plan('tool', `${a}:${join(dir.path, 'b')}`).file, join(dir.path, 'b', 'tool'));
    if (process.getuid?.() !== 0) {
      assert.throws(() => plan('tool', a), /command at '.*\/a\/tool' is not executable/);
    }
  });

  it('skips a directory the host cannot search (EACCES), as an unprivileged host', async (t) => {
    if (process.getuid?.() !== 0) {
      t.skip('needs root to run the check as an unprivileged user (nobody)');
      return;
    }
    await using dir = await tempDir();
    chmodSync(dir.path, 0o755);
    const locked = join(dir.path, 'locked');
    mkdirSync(locked, { mode: 0o700 });
    const script = `
      const { planSpawn } = await import(${JSON.stringify(fileURLToPath(new URL('../../../src/process/resolve.ts', import.meta.url)))});
      const { normalizeProgramOptions } = await import(${JSON.stringify(fileURLToPath(new URL('../../../src/options/normalize.ts', import.meta.url)))});
      const c = normalizeProgramOptions({ name: 'p', command: 'sh', environment: { PATH: ${JSON.stringify(`${locked}:/bin`)} }, inheritEnvironment: false });
      process.stdout.write(planSpawn(c).file);`;
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        uid: 65534,
        gid: 65534,
        cwd: fileURLToPath(new URL('../../..', import.meta.url)),
        encoding: 'utf8',
      },
    );
    assert.equal(out, '/bin/sh');
  });
});

const D = '$';

describe('no shell, no expansion (issue 11, point 8)', () => {
  it(`${D}{HOME}/x and $HOME both reach the child as written`, () => {
    const c = normalizeProgramOptions({
      name: 'p',
      command: `echo ${D}{HOME}/x $HOME "${D}{A}b" '$B' \\$C`,
    });
    assert.deepEqual(c.argv, ['echo', `${D}{HOME}/x`, '$HOME', `${D}{A}b`, '$B', '$C']);
  });
});
