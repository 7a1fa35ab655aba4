import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BatchBuffer } from '../../../src/logs/batch-buffer.js';

describe('BatchBuffer', () => {
  it('passes a single part through, joins several into one reused allocation', () => {
    const batch = new BatchBuffer(64);
    const one = Buffer.from('a\n');
    assert.equal(batch.join([one], 2), one);
    const first = batch.join([Buffer.from('a\n'), Buffer.from('bc\n')], 5);
    assert.equal(first.toString(), 'a\nbc\n');
    const second = batch.join([Buffer.from('x\n'), Buffer.from('y\n')], 4);
    assert.equal(second.toString(), 'x\ny\n');
    assert.equal(second.buffer, first.buffer, 'same memory');
    batch.release();
    const third = batch.join([Buffer.from('1\n'), Buffer.from('2\n')], 4);
    assert.notEqual(third.buffer, first.buffer);
  });

  it('joins into fresh memory beyond the reuse limit', () => {
    const batch = new BatchBuffer(4);
    const a = batch.join([Buffer.from('abc\n'), Buffer.from('def\n')], 8);
    const b = batch.join([Buffer.from('xyz\n'), Buffer.from('uvw\n')], 8);
    assert.equal(a.toString(), 'abc\ndef\n', 'not overwritten by the next join');
    assert.equal(b.toString(), 'xyz\nuvw\n');
  });
});
