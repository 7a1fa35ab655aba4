import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { createReadStream, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { isStreamPath } from '../../src/logs/log-sink.js';
import { until } from '../helpers/logs-helpers.js';
import { fixture, nodeFixture, tempDir, testSupervisor } from '../helpers/processes.js';

/** Asserts that the lines starting with `prefix` are "<prefix>1" ... "<prefix><count>". */
function assertNumbered(lines: readonly string[], prefix: string, count: number): void {
  const mine = lines.filter((l) => l.startsWith(prefix));
  assert.equal(mine.length, count, `${prefix}lines`);
  mine.forEach((line, i) => {
    if (line !== `${prefix}${i + 1}`) assert.fail(`${prefix}line ${i + 1}: ${line}`);
  });
}

/** The errors `sup` emits from now on. */
function errorsOf(sup: ReturnType<typeof testSupervisor>): Error[] {
  const errors: Error[] = [];
  sup.on('error', ({ error }) => errors.push(error));
  return errors;
}

describe('log targets that are streams, not files', () => {
  it('tells streams from files', async () => {
    await using dir = await tempDir();
    const file = join(dir.path, 'app.log');
    writeFileSync(file, '');
    assert.equal(isStreamPath('/dev/stdout'), true);
    assert.equal(isStreamPath('/proc/self/fd/2'), true);
    assert.equal(isStreamPath('/dev/null'), true);
    assert.equal(isStreamPath(file), false);
    assert.equal(isStreamPath(join(dir.path, 'not-yet.log')), false);
  });

  it("/dev/stdout and /dev/stderr are the host's: programs share them, lines whole and in order", async () => {
    const host = fileURLToPath(new URL('../fixtures/host-logs-to-stdout.ts', import.meta.url));
    const count = 20_000;
    const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>(
      (resolve, reject) =>
        execFile(
          process.execPath,
          ['--import', 'tsx', host, fixture('print-lines.js'), String(count)],
          { maxBuffer: 64 * 1024 * 1024 },
          (error, out, err) => (error ? reject(error) : resolve({ stdout: out, stderr: err })),
        ),
    );
    const out = stdout.split('\n');
    assert.equal(out.pop(), '');
    assert.equal(out.pop(), 'done', 'everything was written before the supervisor was disposed');
    assert.ok(
      out.every((l) => /^[ab] \d+$/.test(l)),
      'only whole lines of a and b',
    );
    assertNumbered(out, 'a ', count);
    assertNumbered(out, 'b ', count);
    const err = stderr.split('\n');
    assert.equal(err.pop(), '');
    assertNumbered(err, 'e ', count);
    assert.equal(err.length, count, 'no error events');
  });

  it('a FIFO is written as a stream, without rotation', async () => {
    await using dir = await tempDir();
    const fifo = join(dir.path, 'lines.fifo');
    execFileSync('mkfifo', [fifo]);
    let received = '';
    const reader = createReadStream(fifo, 'utf8').on('data', (d) => {
      received += d;
    });
    const ended = new Promise<void>((resolve) => reader.once('close', () => resolve()));
    await using sup = testSupervisor();
    const errors = errorsOf(sup);
    const program = sup.add({
      name: 'piped',
      command: nodeFixture('print-lines.js', 5000),
      startSecs: 0,
      autorestart: false,
      stdoutLogfile: fifo,
      stdoutLogfileMaxbytes: '1KB',
    });
    await program.start();
    await program.waitFor('EXITED', { timeoutMs: 10_000 });
    await sup.remove('piped');
    await ended;
    assertNumbered(received.trimEnd().split('\n'), 'line ', 5000);
    assert.deepEqual(errors, []);
  });

  it('a FIFO without a reader: one error, the child runs on, writing starts once a reader comes', async () => {
    await using dir = await tempDir();
    const fifo = join(dir.path, 'lines.fifo');
    execFileSync('mkfifo', [fifo]);
    await using sup = testSupervisor();
    const errors = errorsOf(sup);
    const program = sup.add({
      name: 'early',
      command: nodeFixture('print-slowly.js', 100_000, 2),
      startSecs: 0,
      stdoutLogfile: fifo,
    });
    await program.start();
    await program.waitForLine('line 3', { timeoutMs: 10_000 });
    assert.equal(errors.length, 1);
    assert.match(errors[0]?.message ?? '', /could not be opened: .*ENXIO/);
    let received = '';
    const reader = createReadStream(fifo, 'utf8').on('data', (d) => {
      received += d;
    });
    // Opened again at the first line a second after the failure.
    await until(() => /line \d+\n/.test(received));
    assert.equal(program.state, 'RUNNING');
    assert.equal(errors.length, 1);
    await program.stop();
    reader.destroy();
  });

  it('/dev/null takes the lines; the tail still has them', async () => {
    await using sup = testSupervisor();
    const program = sup.add({
      name: 'quiet',
      command: nodeFixture('print-lines.js', 100),
      startSecs: 0,
      autorestart: false,
      stdoutLogfile: '/dev/null',
    });
    const errors = errorsOf(sup);
    await program.start();
    await program.waitFor('EXITED', { timeoutMs: 10_000 });
    assert.equal(program.tail(1)[0]?.line, 'line 100');
    assert.deepEqual(errors, []);
  });
});
