import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stampLines, TimestampCache, timestampPrefix } from '../../../src/logs/timestamps.js';

describe('timestamps', () => {
  it('prefixes every line with the ISO 8601 time and a space', () => {
    const prefix = timestampPrefix(Date.UTC(2024, 4, 1, 12, 0, 0, 5));
    assert.equal(prefix, '2024-05-01T12:00:00.005Z ');
    const out = stampLines(Buffer.from('a\n\nbc\n'), prefix);
    assert.equal(
      out.toString(),
      '2024-05-01T12:00:00.005Z a\n2024-05-01T12:00:00.005Z \n2024-05-01T12:00:00.005Z bc\n',
    );
  });

  it('passes any bytes through unchanged', () => {
    const bytes = Buffer.from([0xe2, 0x82, 0xac, 0x0a, 0xff, 0x00, 0x80, 0x0a]);
    const out = stampLines(bytes, 'T ');
    assert.deepEqual(
      out,
      Buffer.concat([
        Buffer.from('T '),
        bytes.subarray(0, 4),
        Buffer.from('T '),
        bytes.subarray(4),
      ]),
    );
  });

  it('caches the prefix per millisecond', () => {
    const cache = new TimestampCache();
    const a = cache.prefix(1000);
    assert.equal(cache.prefix(1000), a);
    assert.notEqual(cache.prefix(1001), a);
  });
});
