import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineStamper } from '../../../src/logs/line-stamper.js';
import { stampLines } from '../../../src/logs/timestamps.js';
import { nativeAddon } from '../../../src/process/native.js';

const PREFIX = '2024-05-01T12:00:00.005Z ';

/** Whole lines of random bytes (any byte, newlines included) ending in a newline. */
function randomRegion(length: number, newlineShare: number): Buffer {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) {
    bytes[i] = Math.random() < newlineShare ? 0x0a : Math.floor(Math.random() * 256);
  }
  bytes[length - 1] = 0x0a;
  return bytes;
}

const native = nativeAddon()?.stampLines;
const stampers: [string, LineStamper][] = [['JavaScript', new LineStamper(undefined)]];
if (native) stampers.push(['native', new LineStamper(native.bind(nativeAddon()))]);

describe('LineStamper', () => {
  it('the native addon is built here (CI builds it at npm ci)', { skip: !native }, () => {
    assert.equal(typeof native, 'function');
  });

  for (const [kind, stamper] of stampers) {
    it(`${kind}: gives the same bytes as stampLines for any region`, () => {
      for (let i = 0; i < 500; i++) {
        const region = randomRegion(1 + Math.floor(Math.random() * 400), Math.random() * 0.3);
        const prefix = 'P'.repeat(Math.floor(Math.random() * 60)); // short and long prefixes
        assert.deepEqual(stamper.stamp(region, prefix), stampLines(region, prefix));
      }
    });

    it(`${kind}: a later stamp never overwrites an earlier one (they share a slab)`, () => {
      const regions = Array.from({ length: 200 }, (_, n) => Buffer.from(`line ${n}\nmore ${n}\n`));
      const stamped = regions.map((region) => stamper.stamp(region, PREFIX));
      for (const [n, region] of regions.entries()) {
        assert.deepEqual(stamped[n], stampLines(region, PREFIX));
      }
    });

    it(`${kind}: regions larger than a slab, and of empty lines only, come out whole`, () => {
      const big = Buffer.from(`${'y'.repeat(99)}\n`.repeat(30_000)); // 3 MB
      assert.deepEqual(stamper.stamp(big, PREFIX), stampLines(big, PREFIX));
      const empty = Buffer.alloc(200_000, 0x0a); // stamped, 26 times its size
      const out = stamper.stamp(empty, PREFIX);
      assert.equal(out.length, 200_000 * (PREFIX.length + 1));
      assert.deepEqual(out, stampLines(empty, PREFIX));
    });

    it(`${kind}: passes UTF-8 and any other bytes through unchanged`, () => {
      const region = Buffer.from('héllo €\n\u{1f600} x\n\n', 'utf8');
      const out = stamper.stamp(region, 'T ').toString('utf8');
      assert.equal(out, 'T héllo €\nT \u{1f600} x\nT \n');
    });
  }

  it('native: fills an output of exactly the stamped size, and refuses one byte less', {
    skip: !native,
  }, () => {
    for (let i = 0; i < 300; i++) {
      const region = randomRegion(1 + Math.floor(Math.random() * 300), Math.random() * 0.5);
      const prefix = Buffer.from('Q'.repeat(Math.floor(Math.random() * 50)), 'latin1');
      const want = stampLines(region, prefix.toString('latin1'));
      const exact = Buffer.alloc(want.length + 3, 0xee);
      assert.equal(
        native?.(region, prefix, exact.subarray(0, want.length + 1), 1),
        want.length + 1,
      );
      assert.deepEqual(exact.subarray(1, want.length + 1), want);
      assert.equal(exact[want.length + 1], 0xee, 'nothing written past the end');
      assert.equal(native?.(region, prefix, Buffer.alloc(want.length - 1), 0), -1);
    }
  });
});
