import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, linkSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Program } from '../../src/index.js';
import { nodeFixture, tempDir, testSupervisor } from '../helpers/processes.js';

/** Runs a program that prints 5 lines into `logDir` and exits; returns its error events. */
async function printInto(logDir: string, extra: Record<string, unknown> = {}) {
  await using sup = testSupervisor({ logDir });
  const errors: Error[] = [];
  sup.on('error', (e) => errors.push(e.error));
  const p: Program = sup.add({
    name: 'app',
    command: nodeFixture('print-lines.js', 5, 'secret '),
    startSecs: 0,
    autorestart: false,
    ...extra,
  });
  await p.start();
  await p.waitFor('EXITED');
  for (let i = 0; i < 500 && p.tail().length < 5 + (extra.command ? 1 : 0); i++)
    await new Promise((r) => setTimeout(r, 10));
  await sup.stop();
  return { errors, tail: p.tail().map((l) => l.line) };
}

describe('AUTO log files are never opened through a planted link (issue 11, point 9)', () => {
  it('a symlink at the AUTO name: the target gets nothing, the error says why, lines stay in memory', async () => {
    await using logDir = await tempDir();
    await using elsewhere = await tempDir();
    const target = join(elsewhere.path, 'victim');
    writeFileSync(target, 'precious\n');
    symlinkSync(target, join(logDir.path, 'app-stdout.log'));
    const { errors, tail } = await printInto(logDir.path);
    assert.equal(readFileSync(target, 'utf8'), 'precious\n');
    assert.ok(
      errors.some((e) =>
        /app-stdout\.log" of program "app" could not be opened: is a symbolic link/.test(e.message),
      ),
      errors.map((e) => e.message).join('\n'),
    );
    assert.equal(tail.length, 5);
  });

  it('a dangling symlink: its target is not created', async () => {
    await using logDir = await tempDir();
    await using elsewhere = await tempDir();
    const target = join(elsewhere.path, 'created-by-attacker');
    symlinkSync(target, join(logDir.path, 'app-stdout.log'));
    const { errors } = await printInto(logDir.path);
    assert.equal(existsSync(target), false);
    assert.ok(errors.some((e) => /symbolic link/.test(e.message)));
  });

  it('a hard link or a FIFO planted at the AUTO name is refused too', async () => {
    await using logDir = await tempDir();
    await using elsewhere = await tempDir();
    const target = join(elsewhere.path, 'victim');
    writeFileSync(target, 'precious\n');
    linkSync(target, join(logDir.path, 'app-stdout.log'));
    execFileSync('mkfifo', [join(logDir.path, 'app-stderr.log')]);
    const { errors } = await printInto(logDir.path, {
      command: nodeFixture('print-both-streams.js', 6),
    });
    assert.equal(readFileSync(target, 'utf8'), 'precious\n');
    assert.ok(errors.some((e) => /app-stdout\.log.*another hard link/.test(e.message)));
    assert.ok(errors.some((e) => /app-stderr\.log.*not a regular file/.test(e.message)));
  });

  it('a plain AUTO file is written as before', async () => {
    await using logDir = await tempDir();
    const { errors } = await printInto(logDir.path);
    assert.deepEqual(errors, []);
    assert.match(
      readFileSync(join(logDir.path, 'app-stdout.log'), 'utf8'),
      /secret 1\n[\s\S]*secret 5\n/,
    );
  });

  it('an explicit path is followed, as documented (the configuration chose it)', async () => {
    await using logDir = await tempDir();
    const real = join(logDir.path, 'real.log');
    symlinkSync(real, join(logDir.path, 'link.log'));
    const { errors } = await printInto(logDir.path, {
      stdoutLogfile: join(logDir.path, 'link.log'),
    });
    assert.deepEqual(errors, []);
    assert.match(readFileSync(real, 'utf8'), /secret 5\n/);
  });
});
