import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineTail, lastLines } from '../../../src/logs/line-tail.js';
import { nativeAddon } from '../../../src/process/native.js';

const region = (...lines: string[]) => Buffer.from(lines.map((l) => `${l}\n`).join(''));

describe('LineTail', () => {
  it('returns the last n lines, oldest first, with time and seq of their region', () => {
    const tail = new LineTail(3);
    tail.push(region('a', 'b'), 10, 0);
    tail.push(region('c'), 20, 1);
    tail.push(region('d', 'e'), 30, 2);
    assert.deepEqual(
      tail.lines().map((l) => [l.line, l.time, l.seq]),
      [
        ['c', 20, 1],
        ['d', 30, 2],
        ['e', 30, 2],
      ],
    );
    assert.deepEqual(
      tail.lines(1).map((l) => l.line),
      ['e'],
    );
    assert.deepEqual(
      tail.lines(99).map((l) => l.line),
      ['c', 'd', 'e'],
    );
  });

  it('keeps nothing with capacity 0', () => {
    const tail = new LineTail(0);
    tail.push(region('a'), 0, 0);
    assert.deepEqual(tail.lines(), []);
  });

  it('stays bounded while a million lines go through', () => {
    const tail = new LineTail(100);
    const lines = Array.from({ length: 1000 }, (_, i) => `line ${i}`);
    const block = region(...lines);
    for (let i = 0; i < 1000; i++) tail.push(block, i, i);
    const kept = tail.lines();
    assert.equal(kept.length, 100);
    assert.equal(kept[0]?.line, 'line 900');
    assert.equal(kept[99]?.line, 'line 999');
    // Many one-line regions: the region count stays bounded too.
    for (let i = 0; i < 10_000; i++) tail.push(region(`one ${i}`), i, i);
    assert.equal(tail.lines().at(-1)?.line, 'one 9999');
    assert.equal(tail.lines()[0]?.line, 'one 9900');
  });

  it('marks the pieces of a cut line as continued', () => {
    const tail = new LineTail(10);
    tail.push(region('abc'), 0, 0, true);
    tail.push(region('de'), 0, 1);
    assert.deepEqual(
      tail.lines().map((l) => [l.line, l.continued]),
      [
        ['abc', true],
        ['de', false],
      ],
    );
  });

  it('respects maxBytes', () => {
    const tail = new LineTail(1000, 10);
    for (let i = 0; i < 10; i++) tail.push(region(`l${i}`), i, i);
    tail.trim();
    const lines = tail.lines().map((l) => l.line);
    assert.ok(lines.length <= 4 && lines.length >= 3, String(lines));
    assert.equal(lines.at(-1), 'l9');
  });

  it('lastLines finds where the last n lines start', () => {
    const buf = region('aa', 'b', '', 'cc');
    assert.deepEqual(lastLines(buf, 1), { start: 6, count: 1 });
    assert.deepEqual(lastLines(buf, 2), { start: 5, count: 2 });
    assert.deepEqual(lastLines(buf, 4), { start: 0, count: 4 });
    assert.deepEqual(lastLines(buf, 9), { start: 0, count: 4 });
    assert.deepEqual(lastLines(buf, 9, 4), { start: 0, count: 4 });
  });

  it('a large region keeps its last lines, as every line of it would have', () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `line ${i} ${'z'.repeat(i % 50)}`);
    const tail = new LineTail(100);
    tail.push(region('older'), 1, 0);
    tail.push(region(...lines), 2, 1);
    assert.deepEqual(
      tail.lines().map((l) => l.line),
      lines.slice(-100),
    );
    assert.deepEqual(
      tail.lines(3).map((l) => [l.line, l.time, l.seq]),
      lines.slice(-3).map((line) => [line, 2, 1]),
    );
    // Fewer lines than the capacity, however long: all kept, the older region's too.
    const long = new LineTail(5);
    long.push(region('first'), 1, 0);
    long.push(region('x'.repeat(4000), 'y'.repeat(4000)), 2, 1);
    assert.deepEqual(
      long.lines().map((l) => l.line.slice(0, 5)),
      ['first', 'xxxxx', 'yyyyy'],
    );
  });
});

const lastLinesStart = nativeAddon()?.lastLinesStart;

describe('native lastLinesStart', {
  skip: !lastLinesStart && 'the addon has no lastLinesStart()',
}, () => {
  it('finds where the last n lines start, as lastLines does', () => {
    for (let i = 0; i < 300; i++) {
      const length = 1 + Math.floor(Math.random() * 300);
      const bytes = Buffer.alloc(length);
      for (let j = 0; j < length; j++) bytes[j] = Math.random() < 0.2 ? 0x0a : 0x61;
      bytes[length - 1] = 0x0a;
      const n = Math.floor(Math.random() * 30);
      assert.equal(lastLinesStart?.(bytes, n), lastLines(bytes, n).start, `${bytes} ${n}`);
    }
  });
});
