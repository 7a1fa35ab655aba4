import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { logsTestContext, readSeries } from '../helpers/logs-helpers.js';

const { children, setup } = logsTestContext();

describe('ProgramLogs with real children', () => {
  it('keeps a last line without a newline, in the tail and in the file (mode 0640)', async () => {
    const t = await setup();
    const child = children.spawn('print-partial.js');
    await t.logs.attach(child.stdout, child.stderr);
    assert.deepEqual(
      t.logs.tail().map((l) => l.line),
      ['one', 'two', 'three without newline'],
    );
    const file = join(t.dir, 'app-stdout.log');
    assert.equal(t.logs.stdoutLogfile, file);
    assert.equal(readFileSync(file, 'utf8'), 'one\ntwo\nthree without newline\n');
    assert.equal(statSync(file).mode & 0o777 & ~0o640, 0);
  });

  it('redirectStderr merges whole lines only, each stream in order', async () => {
    const t = await setup({ redirectStderr: true });
    const count = 20_000;
    const child = children.spawn('print-both-streams.js', count);
    await t.logs.attach(child.stdout, child.stderr);
    const lines = readFileSync(join(t.dir, 'app-stdout.log'), 'utf8').split('\n');
    assert.equal(lines.pop(), '');
    assert.equal(lines.length, count);
    const last = { out: 0, err: 0 };
    for (const line of lines) {
      const m = /^(out|err) (\d+) (x*)$/.exec(line);
      assert.ok(m, `interleaved or broken line: ${JSON.stringify(line.slice(0, 80))}`);
      const [, stream, digits, filler] = m as unknown as [string, 'out' | 'err', string, string];
      const n = Number(digits);
      assert.equal(stream, n % 2 ? 'out' : 'err');
      assert.equal(filler.length, n % 97);
      assert.ok(n > last[stream], `${stream} out of order at ${n}`);
      last[stream] = n;
    }
    assert.equal(t.logs.stderrLogfile, '', 'as supervisord: no stderr file of its own');
    const tail = t.logs.tail(10);
    assert.equal(tail.length, 10);
    for (let i = 1; i < tail.length; i++) {
      assert.ok((tail[i]?.time ?? 0) >= (tail[i - 1]?.time ?? 0), 'merged tail in arrival order');
    }
    assert.deepEqual(
      t.logs.tail(2, 'stderr').map((l) => l.line.split(' ')[1]),
      [String(count - 2), String(count)],
    );
  });

  it('writes stdout and stderr to their own files, with timestamps', async () => {
    const t = await setup({ logTimestamps: true });
    const child = children.spawn('print-both-streams.js', 10);
    await t.logs.attach(child.stdout, child.stderr);
    const out = readFileSync(join(t.dir, 'app-stdout.log'), 'utf8').trimEnd().split('\n');
    const err = readFileSync(join(t.dir, 'app-stderr.log'), 'utf8').trimEnd().split('\n');
    assert.equal(out.length, 5);
    assert.equal(err.length, 5);
    for (const line of [...out, ...err]) {
      assert.match(line, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (out|err) \d+ x*$/);
    }
    assert.equal(t.logs.tail(1, 'stdout')[0]?.line, `out 9 ${'x'.repeat(9)}`);
  });

  it('timestamps every line of a fast child, nothing lost or cut, across rotations', async () => {
    const t = await setup({ logTimestamps: true, stdoutLogfileMaxbytes: 1024 * 1024 });
    const count = 150_000; // about 5.5 MB stamped: 6 files, none deleted
    const child = children.spawn('print-lines.js', count);
    await t.logs.attach(child.stdout, child.stderr);
    const file = join(t.dir, 'app-stdout.log');
    const series = readSeries(file, 10);
    assert.ok(series.files.length > 3, 'rotated several times');
    const lines = series.text.split('\n');
    assert.equal(lines.pop(), '');
    assert.equal(lines.length, count);
    lines.forEach((line, i) => {
      if (
        !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z line \d+$/.test(line) ||
        !line.endsWith(` ${i + 1}`)
      ) {
        assert.fail(`line ${i + 1} broken or out of order: ${JSON.stringify(line.slice(0, 80))}`);
      }
    });
  });

  it('cuts a 5 MB line without a newline into 1 MiB pieces, nothing lost', async () => {
    const t = await setup();
    t.wants = true;
    const bytes = 5 * 1024 * 1024 + 123;
    const child = children.spawn('print-long-line.js', bytes);
    await t.logs.attach(child.stdout, child.stderr);
    const text = readFileSync(join(t.dir, 'app-stdout.log'), 'utf8');
    const lines = text.split('\n');
    assert.deepEqual(
      lines.map((l) => l.length),
      [1048576, 1048576, 1048576, 1048576, 1048576, 123, 5, 0],
    );
    const joined = lines.slice(0, 6).join('');
    assert.equal(joined, '0123456789'.repeat(6554).slice(0, 65536).repeat(81).slice(0, bytes));
    assert.deepEqual(
      t.lines.map((l) => l.continued),
      [true, true, true, true, true, false, false],
    );
    assert.equal(t.lines.at(-1)?.line, 'after');
  });

  it('maxLineBytes sets the piece size', async () => {
    const t = await setup({ maxLineBytes: '1KB' });
    const child = children.spawn('print-long-line.js', 3000);
    await t.logs.attach(child.stdout, child.stderr);
    const text = readFileSync(join(t.dir, 'app-stdout.log'), 'utf8');
    assert.deepEqual(
      text.split('\n').map((l) => l.length),
      [1024, 1024, 952, 5, 0],
    );
  });

  it('calls host.onLine per line only when the host wants lines', async () => {
    const t = await setup({ stdoutLogfile: 'NONE', stderrLogfile: 'NONE' });
    const first = children.spawn('print-lines.js', 1000);
    await t.logs.attach(first.stdout, first.stderr);
    assert.equal(t.lines.length, 0);
    assert.equal(t.logs.tail(1)[0]?.line, 'line 1000');
    t.wants = true;
    const second = children.spawn('print-lines.js', 1000, 'again ', 'stderr');
    await t.logs.attach(second.stdout, second.stderr);
    assert.equal(t.lines.length, 1000);
    assert.deepEqual(t.lines[999], {
      name: 'app',
      group: 'app',
      stream: 'stderr',
      line: 'again 1000',
      time: t.lines[999]?.time,
      continued: false,
    });
    assert.equal(t.logs.stdoutLogfile, '');
  });

  it('waitForLine resolves with the match from a running child', async () => {
    const t = await setup();
    const child = children.spawn('print-slowly.js', 1000, 2);
    const attached = t.logs.attach(child.stdout, child.stderr);
    const found = await t.logs.waitForLine(/line (2\d)$/, { timeoutMs: 10_000 });
    assert.equal(found.line.line, 'line 20');
    assert.equal(found.match[1], '20');
    const again = await t.logs.waitForLine('line 1', { since: 'tail', timeoutMs: 1000 });
    assert.equal(again.line.line, 'line 1');
    child.kill('SIGKILL');
    await attached;
  });

  it('close() waits for a pipe still being read, then lets it go with its partial line', async () => {
    const t = await setup({}, { closeWaitMs: 50 });
    const ending = new PassThrough();
    const stuck = new PassThrough();
    const attached = t.logs.attach(ending, stuck);
    ending.write('last words\n');
    stuck.write('half a li');
    setTimeout(() => ending.end(), 10);
    await t.logs.close();
    await attached;
    assert.equal(stuck.destroyed, true);
    assert.equal(readFileSync(join(t.dir, 'app-stdout.log'), 'utf8'), 'last words\n');
    assert.equal(readFileSync(join(t.dir, 'app-stderr.log'), 'utf8'), 'half a li\n');
  });

  it('creates missing directories of a log path', async () => {
    const t = await setup({ stdoutLogfile: 'nested/deeper/out.log' });
    const child = children.spawn('print-lines.js', 3);
    await t.logs.attach(child.stdout, child.stderr);
    assert.equal(
      readFileSync(join(t.dir, 'nested/deeper/out.log'), 'utf8'),
      'line 1\nline 2\nline 3\n',
    );
  });

  it('appends to an existing file, ending a line left unfinished there first', async () => {
    const t = await setup();
    const file = join(t.dir, 'app-stdout.log');
    writeFileSync(file, 'old\nunfinished');
    const child = children.spawn('print-lines.js', 2);
    await t.logs.attach(child.stdout, child.stderr);
    assert.equal(readFileSync(file, 'utf8'), 'old\nunfinished\nline 1\nline 2\n');
  });
});
