import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { constants, openSync, readFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ManualClock } from '../../../src/clock.js';
import { normalizeLogOptions } from '../../../src/logs/options.js';
import { PauseGate } from '../../../src/logs/pause-gate.js';
import { ProgramSinks } from '../../../src/logs/program-sinks.js';
import { tempDir } from '../../helpers/processes.js';

const region = (...lines: string[]) => Buffer.from(`${lines.join('\n')}\n`);

function sinks(dir: string, options: Record<string, unknown>): ProgramSinks {
  const config = normalizeLogOptions({ program: 'web' }, options);
  const clock = new ManualClock(Date.UTC(2026, 0, 2, 3, 4, 5, 6));
  const host = { name: 'web', logDir: dir, clock, onError: (e: Error) => assert.fail(e) };
  return new ProgramSinks(config, host, new PauseGate(), {});
}

/**
 * Makes a FIFO at `path` with a reader already on it (opened without blocking, so a writer
 * opening it next never finds it without one): `text` resolves with all it got at EOF.
 */
function fifoReader(path: string): { text: Promise<string> } {
  execFileSync('mkfifo', [path]);
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  const reader = new Socket({ fd, readable: true, writable: false }).setEncoding('utf8');
  let received = '';
  reader.on('data', (d: string) => {
    received += d;
  });
  return { text: new Promise((resolve) => reader.once('close', () => resolve(received))) };
}

describe('ProgramSinks', () => {
  it('puts logPrefix (UTF-8 kept) before every line sent to a stream target', async () => {
    await using dir = await tempDir();
    const fifo = join(dir.path, 'out.fifo');
    const reader = fifoReader(fifo);
    const s = sinks(dir.path, { stdoutLogfile: fifo, logPrefix: 'wéb » ', stderrLogfile: 'NONE' });
    s.write('stdout', region('one', 'twö'), 0);
    s.write('stdout', region('three'), 0);
    s.write('stderr', region('dropped: no stderr target'), 0);
    await Promise.all(s.all().map((sink) => sink.close()));
    assert.equal(await reader.text, 'wéb » one\nwéb » twö\nwéb » three\n');
  });

  it('files get timestamps but no prefix; a stream gets the prefix, then the timestamp', async () => {
    await using dir = await tempDir();
    const fifo = join(dir.path, 'err.fifo');
    const reader = fifoReader(fifo);
    const s = sinks(dir.path, { stderrLogfile: fifo, logPrefix: 'web | ', logTimestamps: true });
    const time = Date.UTC(2026, 0, 2, 3, 4, 5, 6);
    s.write('stdout', region('to the file'), time);
    s.write('stderr', region('to the fifo'), time);
    await Promise.all(s.all().map((sink) => sink.close()));
    const received = await reader.text;
    const stamp = '2026-01-02T03:04:05.006Z';
    assert.equal(readFileSync(join(dir.path, 'web-stdout.log'), 'utf8'), `${stamp} to the file\n`);
    assert.equal(received, `web | ${stamp} to the fifo\n`);
  });

  it('redirectStderr shares the stdout sink', async () => {
    await using dir = await tempDir();
    const s = sinks(dir.path, { redirectStderr: true });
    assert.equal(s.of('stderr'), s.of('stdout'));
    assert.equal(s.all().length, 1);
    await Promise.all(s.all().map((sink) => sink.close()));
  });
});
