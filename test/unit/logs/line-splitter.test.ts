import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineSplitter, utf8Boundary } from '../../../src/logs/line-splitter.js';

interface Out {
  regions: { text: string; continued: boolean }[];
  splitter: LineSplitter;
}

function collect(max = 1024): Out {
  const regions: Out['regions'] = [];
  const splitter = new LineSplitter(max, (region, continued) => {
    assert.equal(region.at(-1), 0x0a, 'every region ends with a newline');
    regions.push({ text: region.toString(), continued });
  });
  return { regions, splitter };
}

/** Lines out of the regions, with the continued flag of each. */
function linesOf(out: Out): string[] {
  return out.regions.flatMap((r) =>
    r.text
      .slice(0, -1)
      .split('\n')
      .map((l) => (r.continued ? `${l}+` : l)),
  );
}

/** A small deterministic PRNG (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('LineSplitter', () => {
  it('passes a chunk of whole lines on as one region, without copying', () => {
    const out = collect();
    const chunk = Buffer.from('a\nbb\nccc\n');
    let seen: Buffer | undefined;
    new LineSplitter(1024, (region) => {
      seen = region;
    }).push(chunk);
    assert.equal(seen, chunk);
    out.splitter.push(Buffer.from('a\nbb\nc'));
    out.splitter.push(Buffer.from('cc\nd\n'));
    assert.deepEqual(out.regions, [
      { text: 'a\nbb\n', continued: false },
      { text: 'ccc\n', continued: false },
      { text: 'd\n', continued: false },
    ]);
  });

  it('gives the same lines however the bytes are chunked', () => {
    const lines = Array.from({ length: 500 }, (_, i) => `line ${i} ${'é'.repeat(i % 13)}`);
    const bytes = Buffer.from(`${lines.join('\n')}\n`);
    const next = random(42);
    for (let round = 0; round < 20; round++) {
      const out = collect();
      for (let at = 0; at < bytes.length; ) {
        const size = 1 + Math.floor(next() * (round < 10 ? 8 : 300));
        out.splitter.push(bytes.subarray(at, at + size));
        at += size;
      }
      out.splitter.end();
      assert.deepEqual(linesOf(out), lines);
    }
  });

  it('flushes a final line without a newline at end(), once', () => {
    const out = collect();
    out.splitter.push(Buffer.from('one\ntwo\nthr'));
    out.splitter.push(Buffer.from('ee'));
    assert.equal(out.splitter.pendingBytes, 5);
    out.splitter.end();
    out.splitter.end();
    assert.deepEqual(linesOf(out), ['one', 'two', 'three']);
  });

  it('keeps empty lines', () => {
    const out = collect();
    out.splitter.push(Buffer.from('\n\na\n'));
    out.splitter.push(Buffer.from('\n'));
    assert.deepEqual(linesOf(out), ['', '', 'a', '']);
  });

  it('cuts a long line into pieces of maxLineBytes, marked continued, memory bounded', () => {
    const out = collect(10);
    for (let i = 0; i < 7; i++) {
      out.splitter.push(Buffer.from('0123456'));
      assert.ok(out.splitter.pendingBytes <= 10);
    }
    out.splitter.push(Buffer.from('xy\nshort\n'));
    assert.deepEqual(linesOf(out), [
      '0123456012+',
      '3456012345+',
      '6012345601+',
      '2345601234+',
      '560123456x+',
      'y',
      'short',
    ]);
  });

  it('never cuts a line of exactly maxLineBytes', () => {
    const out = collect(5);
    out.splitter.push(Buffer.from('abc'));
    out.splitter.push(Buffer.from('de\nfghij\n'));
    assert.deepEqual(linesOf(out), ['abcde', 'fghij']);
  });

  it('cuts long lines inside one big chunk and keeps the short ones around them', () => {
    const out = collect(4);
    out.splitter.push(Buffer.from('ab\ncd\n0123456789\nef\n'));
    assert.deepEqual(linesOf(out), ['ab', 'cd', '0123+', '4567+', '89', 'ef']);
  });

  it('cuts at a UTF-8 character boundary', () => {
    const out = collect(4);
    out.splitter.push(Buffer.from('aé€bcd\n'));
    const lines = linesOf(out);
    assert.deepEqual(lines, ['aé+', '€b+', 'cd']);
    assert.equal(utf8Boundary(Buffer.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x80]), 0, 5), 5);
  });
});
