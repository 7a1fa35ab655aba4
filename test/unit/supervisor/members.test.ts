import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Members } from '../../../src/supervisor/members.js';

describe('Members', () => {
  it('behaves as a Map in insertion order, one member or many', () => {
    const m = new Members<number>();
    assert.equal(m.size, 0);
    assert.deepEqual([...m.values()], []);
    m.set('a', 1);
    m.set('a', 2);
    assert.equal(m.size, 1);
    assert.equal(m.get('a'), 2);
    assert.equal(m.has('b'), false);
    m.set('b', 3);
    m.set('c', 4);
    assert.deepEqual([...m.values()], [2, 3, 4]);
    assert.equal(m.delete('b'), true);
    assert.equal(m.delete('b'), false);
    assert.deepEqual([...m.values()], [2, 4]);
    assert.equal(m.size, 2);
  });

  it('deletes its only member', () => {
    const m = new Members<string>();
    m.set('x', 'X');
    assert.equal(m.delete('y'), false);
    assert.equal(m.delete('x'), true);
    assert.equal(m.size, 0);
    assert.equal(m.get('x'), undefined);
    m.set('z', 'Z');
    assert.deepEqual([...m.values()], ['Z']);
  });
});
