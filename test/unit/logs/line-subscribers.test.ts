import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { ManualClock } from '../../../src/clock.js';
import { AbortError, TimeoutError } from '../../../src/errors.js';
import { LineQueue, QUEUE_HIGH_WATER } from '../../../src/logs/line-queue.js';
import { LineSubscribers } from '../../../src/logs/line-subscribers.js';
import { toLineRegExp, waitForLine } from '../../../src/logs/line-wait.js';
import type { LogLine, LogStream } from '../../../src/logs/log-line.js';
import { PauseGate } from '../../../src/logs/pause-gate.js';

const line = (text: string, stream: LogStream = 'stdout'): LogLine => ({
  name: 'web',
  group: 'web',
  stream,
  line: text,
  time: 0,
  continued: false,
});

describe('PauseGate', () => {
  it('pauses every pipe while blocked, resumes when the last blocker goes', () => {
    const gate = new PauseGate();
    const a = new PassThrough();
    a.on('data', () => {});
    gate.add(a);
    const k1 = {};
    const k2 = {};
    gate.block(k1);
    gate.block(k2);
    assert.equal(a.isPaused(), true);
    const b = new PassThrough();
    gate.add(b);
    assert.equal(b.isPaused(), true);
    gate.unblock(k1);
    assert.equal(a.isPaused(), true);
    gate.unblock(k2);
    assert.equal(a.isPaused(), false);
    assert.equal(gate.blocked, false);
  });
});

describe('LineQueue', () => {
  it('hands lines over in order and ends', async () => {
    const queue = new LineQueue(new PauseGate());
    queue.push(line('a'));
    const pending = queue.next();
    queue.push(line('b'));
    assert.equal((await pending)?.line, 'a');
    queue.end();
    assert.equal((await queue.next())?.line, 'b');
    assert.equal(await queue.next(), undefined);
  });

  it('blocks the gate when the consumer falls behind, releases at half', async () => {
    const gate = new PauseGate();
    const queue = new LineQueue(gate);
    for (let i = 0; i < QUEUE_HIGH_WATER; i++) queue.push(line(String(i)));
    assert.equal(gate.blocked, true);
    for (let i = 0; i < QUEUE_HIGH_WATER / 2 - 1; i++) await queue.next();
    assert.equal(gate.blocked, true);
    await queue.next();
    assert.equal(gate.blocked, false);
    queue.dispose();
    assert.equal(await queue.next(), undefined);
  });
});

describe('waitForLine', () => {
  it('escapes string patterns and drops g/y flags', () => {
    assert.equal(toLineRegExp('port (1)').source, 'port \\(1\\)');
    assert.equal(toLineRegExp(/a/gi).flags, 'i');
  });

  it('resolves with the first matching line of the chosen stream', async () => {
    const subs = new LineSubscribers();
    const clock = new ManualClock();
    const p = waitForLine(subs, clock, () => [], /port (\d+)/, { stream: 'stderr' });
    subs.publish(line('port 1'));
    subs.publish(line('nothing', 'stderr'));
    subs.publish(line('port 2', 'stderr'));
    subs.publish(line('port 3', 'stderr'));
    const found = await p;
    assert.equal(found.line.line, 'port 2');
    assert.equal(found.match[1], '2');
    assert.equal(subs.size, 0);
  });

  it("looks in the tail first with since: 'tail'", async () => {
    const subs = new LineSubscribers();
    const found = await waitForLine(
      subs,
      new ManualClock(),
      () => [line('x 1'), line('x 2')],
      'x',
      {
        since: 'tail',
      },
    );
    assert.equal(found.line.line, 'x 1');
  });

  it('times out with a TimeoutError, aborts with an AbortError, both clean up', async () => {
    const subs = new LineSubscribers();
    const clock = new ManualClock();
    const timed = waitForLine(subs, clock, () => [], 'never', { timeoutMs: 500 });
    clock.advance(499);
    subs.publish(line('no'));
    clock.advance(1);
    await assert.rejects(timed, (e: unknown) => e instanceof TimeoutError && e.code === 'TIMEOUT');
    const controller = new AbortController();
    const aborted = waitForLine(subs, clock, () => [], 'never', { signal: controller.signal });
    controller.abort();
    await assert.rejects(aborted, AbortError);
    await assert.rejects(
      waitForLine(subs, clock, () => [], 'x', { signal: controller.signal }),
      AbortError,
    );
    const closed = waitForLine(subs, clock, () => [], 'never', { timeoutMs: 10 });
    subs.closeAll();
    await assert.rejects(closed, AbortError);
    assert.equal(subs.size, 0);
    assert.equal(clock.pending, 0);
  });
});
