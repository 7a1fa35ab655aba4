import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineTail, lastLines } from '../../../src/logs/line-tail.js';

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
});
