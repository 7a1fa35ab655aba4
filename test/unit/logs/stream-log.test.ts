import assert from 'node:assert/strict';
import { PassThrough, Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { ManualClock } from '../../../src/clock.js';
import { LogWriteError } from '../../../src/logs/errors.js';
import { PauseGate } from '../../../src/logs/pause-gate.js';
import { StreamLog } from '../../../src/logs/stream-log.js';

const line = (text: string) => Buffer.from(`${text}\n`);

function setup(open: () => Writable, owned = true) {
  const clock = new ManualClock();
  const gate = new PauseGate();
  const errors: Error[] = [];
  const log = new StreamLog({
    file: '/run/app.fifo',
    program: 'app',
    clock,
    gate,
    onError: (error) => errors.push(error),
    open,
    owned,
    retryMs: 1000,
  });
  return { log, gate, clock, errors };
}

/** A stream that fails every write with `code`. */
function failing(code: string): Writable {
  return new Writable({
    write(_chunk, _encoding, callback) {
      callback(Object.assign(new Error(code), { code }));
    },
  });
}

describe('StreamLog', () => {
  it('writes regions in order and pauses the pipes while the stream buffers', async () => {
    const target = new PassThrough({ highWaterMark: 16 });
    const { log, gate } = setup(() => target);
    log.write(line('one'));
    assert.equal(gate.blocked, false);
    log.write(line('two, a longer line'));
    assert.equal(gate.blocked, true, 'over the highWaterMark: back-pressure');
    let read = '';
    target.on('data', (chunk) => {
      read += chunk;
    });
    await log.flush();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(gate.blocked, false, 'drained: the pipes resume');
    assert.equal(read, 'one\ntwo, a longer line\n');
  });

  it('a failing stream: one error per episode, lines dropped, reopened after retryMs', async () => {
    let opened = 0;
    let healthy = false;
    const written: string[] = [];
    const { log, clock, errors } = setup(() => {
      opened++;
      if (!healthy) return failing('EPIPE');
      return new Writable({
        write(chunk, _encoding, callback) {
          written.push(String(chunk));
          callback();
        },
      });
    });
    log.write(line('a'));
    await log.flush();
    log.write(line('b')); // within retryMs: dropped without trying
    await log.flush();
    assert.equal(opened, 1);
    assert.equal(errors.length, 1);
    const [error] = errors;
    assert.ok(error instanceof LogWriteError);
    assert.match(error.message, /"\/run\/app.fifo" of program "app" could not be written: EPIPE/);

    clock.advance(1000);
    log.write(line('c')); // reopened: fails again, same episode
    await log.flush();
    assert.equal(opened, 2);
    assert.equal(errors.length, 1);

    healthy = true;
    clock.advance(1000);
    log.write(line('d'));
    await log.flush();
    assert.deepEqual(written, ['d\n']);
    assert.equal(errors.length, 1);
  });

  it('a stream that cannot be opened (a FIFO without a reader) is reported once', async () => {
    const { log, clock, errors } = setup(() => {
      throw Object.assign(new Error('ENXIO: no such device or address'), { code: 'ENXIO' });
    });
    log.write(line('a'));
    clock.advance(1000);
    log.write(line('b'));
    await log.flush();
    assert.equal(errors.length, 1);
    assert.match(errors[0]?.message ?? '', /could not be opened: ENXIO/);
  });

  it('a stream failing while the pipes wait for drain: pipes resume, no listener left', () => {
    const host = new PassThrough({ highWaterMark: 4 });
    const { log, gate, errors } = setup(() => host, false);
    log.write(line('more than four bytes'));
    assert.equal(gate.blocked, true);
    assert.equal(host.listenerCount('drain') > 0, true);
    host.emit('error', new Error('EPIPE'));
    assert.equal(gate.blocked, false);
    assert.equal(host.listenerCount('drain'), 0);
    assert.equal(host.listenerCount('error'), 0);
    assert.equal(errors.length, 1);
  });

  it("the host's stream is never ended, and not reopened after a failure", async () => {
    let opened = 0;
    const host = new PassThrough();
    const { log, clock } = setup(() => {
      opened++;
      return host;
    }, false);
    log.write(line('a'));
    await log.close();
    assert.equal(host.writableEnded, false);
    log.write(line('b'));
    host.emit('error', new Error('EPIPE'));
    clock.advance(5000);
    log.write(line('c'));
    assert.equal(opened, 2, 'opened again after close(), not after the failure');
    assert.equal(host.listenerCount('error'), 0, 'no listener left on the host stream');
  });
});
