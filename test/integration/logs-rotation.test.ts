import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { logsTestContext, readSeries, until } from '../helpers/logs-helpers.js';

const { children, setup } = logsTestContext();

/** Asserts that `text` is exactly "<prefix>1" ... "<prefix><count>", one per line. */
function assertNumbered(text: string, prefix: string, count: number): void {
  const lines = text.split('\n');
  assert.equal(lines.pop(), '', 'ends with a newline');
  assert.equal(lines.length, count);
  for (let i = 0; i < count; i++) {
    if (lines[i] !== `${prefix}${i + 1}`)
      assert.fail(`line ${i + 1} is ${JSON.stringify(lines[i])}`);
  }
}

describe('rotation', () => {
  it('1,000,000 lines through 50+ rotations: each once, in order, none split', async () => {
    const maxBytes = 200 * 1024;
    const t = await setup({ stdoutLogfileMaxbytes: maxBytes, stdoutLogfileBackups: 100 });
    const child = children.spawn('print-lines.js', 1_000_000);
    await t.logs.attach(child.stdout, child.stderr);
    const file = join(t.dir, 'app-stdout.log');
    const { text, files } = readSeries(file, 100);
    assert.ok(files.length > 51, `only ${files.length} files`);
    assertNumbered(text, 'line ', 1_000_000);
    for (const name of files) {
      const content = readFileSync(name, 'utf8');
      assert.ok(
        content.startsWith('line ') && content.endsWith('\n'),
        `${name} starts or ends mid-line`,
      );
      if (name !== file) {
        // Rotated once it reached maxBytes, right after the line that crossed it.
        const size = statSync(name).size;
        assert.ok(
          size >= maxBytes && size <= maxBytes + 'line 1000000\n'.length,
          `${name}: ${size}`,
        );
      }
    }
  });

  it('keeps `backups` files, drops the oldest, and backups: 0 truncates', async () => {
    const t = await setup({
      stdoutLogfileMaxbytes: '1KB',
      stdoutLogfileBackups: 3,
      stderrLogfileMaxbytes: '1KB',
      stderrLogfileBackups: 0,
    });
    const out = children.spawn('print-lines.js', 2000);
    await t.logs.attach(out.stdout, null);
    const stdout = join(t.dir, 'app-stdout.log');
    const { text, files } = readSeries(stdout, 10);
    assert.deepEqual(files, [`${stdout}.3`, `${stdout}.2`, `${stdout}.1`, stdout]);
    assert.ok(text.endsWith('line 2000\n'));
    const kept = text.trimEnd().split('\n');
    const firstKept = 2001 - kept.length;
    assert.deepEqual(
      kept,
      Array.from({ length: kept.length }, (_, i) => `line ${firstKept + i}`),
    );
    assert.ok(text.length < 5 * 1024, 'three backups of about 1 KB and the current file');
    // The oldest backup was moved aside before each rotation and deleted in the background.
    await until(() => !readdirSync(t.dir).some((name) => name.endsWith('.retired')));
    const err = children.spawn('print-lines.js', 2000, 'e ', 'stderr');
    await t.logs.attach(null, err.stderr);
    const stderr = join(t.dir, 'app-stderr.log');
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(readSeries(stderr, 10).files, [stderr]);
    assert.ok(readFileSync(stderr, 'utf8').endsWith('e 2000\n'));
  });

  it('removes an aside file left by a host that died during a rotation', async () => {
    const t = await setup({ stdoutLogfileMaxbytes: '1KB', stdoutLogfileBackups: 2 });
    const aside = join(t.dir, 'app-stdout.log.retired');
    writeFileSync(aside, 'old backup\n');
    const child = children.spawn('print-lines.js', 10);
    await t.logs.attach(child.stdout, null);
    await until(() => !readdirSync(t.dir).includes('app-stdout.log.retired'));
  });

  it('a child killed mid-line and restarted: nothing lost, duplicated or glued', async () => {
    const t = await setup({ stdoutLogfileMaxbytes: '64KB', stdoutLogfileBackups: 1000 });
    const first = children.spawn('print-lines.js', 10_000_000, 'a ');
    const run1 = t.logs.attach(first.stdout, first.stderr);
    await t.logs.waitForLine('a 50000', { timeoutMs: 20_000 });
    first.kill('SIGKILL');
    await run1;
    const second = children.spawn('print-lines.js', 50_000, 'b ');
    await t.logs.attach(second.stdout, second.stderr);
    const { text } = readSeries(join(t.dir, 'app-stdout.log'), 1000);
    const lines = text.split('\n');
    assert.equal(lines.pop(), '');
    const split = lines.indexOf('b 1');
    // At least up to 'a 50000' (seen before the kill); exactly there when the child had written
    // nothing more by the time SIGKILL struck (seen under load).
    assert.ok(split >= 50_000, `'b 1' at line ${split + 1}`);
    // Run 1: a contiguous prefix; its last line may be cut short where the kill struck.
    for (let i = 0; i < split - 1; i++) assert.equal(lines[i], `a ${i + 1}`);
    assert.ok(`a ${split}`.startsWith(lines[split - 1] ?? 'x'), `last: ${lines[split - 1]}`);
    assertNumbered(`${lines.slice(split).join('\n')}\n`, 'b ', 50_000);
  });
});
