import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dispatchLines, type LineHost } from '../../../src/logs/line-dispatch.js';
import { LineSubscribers } from '../../../src/logs/line-subscribers.js';
import type { LogLine } from '../../../src/logs/log-line.js';
import { nativeAddon } from '../../../src/process/native.js';

/** A host that records what it is given; `onLine` may be replaced. */
function recordingHost(wants = true) {
  const lines: LogLine[] = [];
  const errors: Error[] = [];
  const host: LineHost & { lines: LogLine[]; errors: Error[] } = {
    name: 'app',
    group: 'web',
    lines,
    errors,
    onLine: (line) => lines.push(line),
    wantsLines: () => wants,
    onError: (error) => errors.push(error),
  };
  return host;
}

/** Every line of `text` (whole lines) as dispatchLines should deliver it. */
const expected = (text: string, stream: 'stdout' | 'stderr' = 'stdout', time = 5): LogLine[] =>
  text
    .slice(0, -1)
    .split('\n')
    .map((line) => ({ name: 'app', group: 'web', stream, line, time, continued: false }));

function dispatched(text: string): LogLine[] {
  const host = recordingHost();
  dispatchLines(host, new LineSubscribers(), 'stdout', Buffer.from(text), 5, false);
  return host.lines;
}

describe('dispatchLines', () => {
  it('delivers every line of a region of several 64 KiB pieces, empty lines too', () => {
    let text = '';
    for (let i = 0; text.length < 300_000; i++) text += i % 7 === 0 ? '\n' : `line ${i}\n`;
    assert.deepEqual(dispatched(text), expected(text));
  });

  it('decodes UTF-8 lines (a piece with bytes >= 0x80) the same way', () => {
    let text = '';
    for (let i = 0; text.length < 200_000; i++) text += i % 100 === 0 ? `é ${i} 🚀\n` : `l ${i}\n`;
    assert.deepEqual(dispatched(text), expected(text));
    assert.deepEqual(dispatched('ünïcode\nascii\n'), expected('ünïcode\nascii\n'));
  });

  it('a line longer than a piece is one line', () => {
    const text = `short\n${'x'.repeat(100_000)}\nafter\n`;
    assert.deepEqual(dispatched(text), expected(text));
  });

  it('passes stream, time and continued on, and feeds the subscribers', () => {
    const host = recordingHost(false);
    const subscribers = new LineSubscribers();
    const got: string[] = [];
    subscribers.add({ stream: 'stderr', onLine: (l) => got.push(l.line), onClose: () => {} });
    dispatchLines(host, subscribers, 'stderr', Buffer.from('a piece\n'), 7, true);
    assert.deepEqual(host.lines, [], 'the host wants no lines');
    assert.deepEqual(got, ['a piece']);
    const all = recordingHost();
    dispatchLines(all, subscribers, 'stderr', Buffer.from('a piece\n'), 7, true);
    assert.deepEqual(all.lines, [
      { name: 'app', group: 'web', stream: 'stderr', line: 'a piece', time: 7, continued: true },
    ]);
  });

  it('a host that throws is told through onError; the subscribers still get the line', () => {
    const host = recordingHost();
    host.onLine = () => {
      throw new Error('boom');
    };
    const subscribers = new LineSubscribers();
    const got: string[] = [];
    subscribers.add({ stream: undefined, onLine: (l) => got.push(l.line), onClose: () => {} });
    dispatchLines(host, subscribers, 'stdout', Buffer.from('one\ntwo\n'), 1, false);
    assert.deepEqual(got, ['one', 'two']);
    assert.deepEqual(
      host.errors.map((e) => e.message),
      ['boom', 'boom'],
    );
  });

  it('a dispatch started from inside a listener does not disturb the one in progress', () => {
    const outer = recordingHost();
    const inner = recordingHost();
    const subscribers = new LineSubscribers();
    outer.onLine = (line) => {
      outer.lines.push(line);
      if (line.line === 'b')
        dispatchLines(inner, subscribers, 'stdout', Buffer.from('x\ny\n'), 2, false);
    };
    dispatchLines(outer, subscribers, 'stdout', Buffer.from('a\nb\nc\n'), 1, false);
    assert.deepEqual(
      outer.lines.map((l) => l.line),
      ['a', 'b', 'c'],
    );
    assert.deepEqual(
      inner.lines.map((l) => l.line),
      ['x', 'y'],
    );
  });
});

const lineEnds = nativeAddon()?.lineEnds;

describe('native lineEnds', { skip: !lineEnds && 'the native addon has no lineEnds()' }, () => {
  const ends = (text: string | Buffer, start = 0, end?: number, room = 64) => {
    const region = Buffer.isBuffer(text) ? text : Buffer.from(text);
    const out = new Int32Array(room);
    const count = lineEnds?.(region, start, end ?? region.length, out) ?? -2;
    return count < 0 ? count : [...out.subarray(0, count)];
  };

  it("gives every newline's offset from start, as indexOf finds them", () => {
    let text = '';
    for (let i = 0; i < 500; i++) text += `${'y'.repeat(i % 37)}\n`;
    const want: number[] = [];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) want.push(i);
    assert.deepEqual(ends(text, 0, undefined, 1000), want);
    assert.deepEqual(ends('ab\ncd\nef\n', 3), [2, 5]);
    assert.deepEqual(ends('ab\ncd\nef\n', 3, 6), [2]);
    assert.deepEqual(ends('no newline'), []);
  });

  it('is -1 for a byte that is not ASCII, or too little room', () => {
    assert.equal(ends('plain\nthen é\n'), -1);
    assert.equal(ends(`${'a'.repeat(40)}\u00ff\n`), -1);
    assert.equal(ends('a\nb\nc\n', 0, undefined, 2), -1);
    assert.deepEqual(ends('a\nb\nc\n', 0, undefined, 3), [1, 3, 5]);
  });

  it('refuses arguments out of range (-1) instead of reading past the region', () => {
    assert.equal(ends('abc\n', 2, 10), -1);
    assert.equal(ends('abc\n', 3, 2), -1);
  });
});
