import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { supervisordStopOrder } from '../../../src/supervisor/run-levels.js';

const p = (name: string, group = name) => ({ name, group });

describe("supervisord's stop order within one level (issue 11, point 15)", () => {
  it('pool members in reverse: w_2, w_1, w_0', () => {
    const declared = [p('w_0', 'w'), p('w_1', 'w'), p('w_2', 'w')];
    assert.deepEqual(
      supervisordStopOrder(declared, declared).map((x) => x.name),
      ['w_2', 'w_1', 'w_0'],
    );
  });

  it('one group at a time, the group declared last first: b before a, g members together', () => {
    const declared = [p('a'), p('g1', 'g'), p('b'), p('g2', 'g')];
    assert.deepEqual(
      supervisordStopOrder(declared, declared).map((x) => x.name),
      ['b', 'g2', 'g1', 'a'],
    );
  });

  it('orders a subset (one level) by the whole declaration', () => {
    const [a, b, c] = [p('a'), p('b'), p('c')];
    assert.deepEqual(
      supervisordStopOrder([a, c], [a, b, c]).map((x) => x.name),
      ['c', 'a'],
    );
  });
});
