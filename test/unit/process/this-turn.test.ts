import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { endOfTurn, TurnCache } from '../../../src/process/this-turn.js';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('this-turn', () => {
  it('endOfTurn runs once at the end of a turn however often asked, and again in the next', async () => {
    let runs = 0;
    const soon = endOfTurn(() => runs++);
    soon();
    soon();
    soon();
    assert.equal(runs, 0);
    await nextTurn();
    assert.equal(runs, 1);
    soon();
    await nextTurn();
    assert.equal(runs, 2);
  });

  it('TurnCache reads once per turn; forget() makes the next get() read again', async () => {
    let reads = 0;
    const cache = new TurnCache(() => ++reads);
    assert.equal(cache.get(), 1);
    assert.equal(cache.get(), 1);
    cache.forget();
    assert.equal(cache.get(), 2);
    await nextTurn();
    assert.equal(cache.get(), 3);
    assert.equal(reads, 3);
  });
});
