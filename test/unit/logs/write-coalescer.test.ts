import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setImmediate as turn } from 'node:timers/promises';
import { COALESCE_BYTES, WriteCoalescer } from '../../../src/logs/write-coalescer.js';

describe('WriteCoalescer', () => {
  it('writes at once when enough is queued', () => {
    let writes = 0;
    const c = new WriteCoalescer(() => writes++);
    c.arrived();
    c.request(COALESCE_BYTES);
    assert.equal(writes, 1);
  });

  it('writes a small batch at the first loop turn that brought nothing new', async () => {
    let writes = 0;
    const c = new WriteCoalescer(() => writes++);
    c.arrived();
    c.request(100);
    c.request(200); // one wait at a time
    assert.equal(writes, 0);
    await turn();
    assert.equal(writes, 1);
    await turn();
    assert.equal(writes, 1);
  });

  it('waits while more keeps arriving, at most 8 turns, then writes', async () => {
    let writes = 0;
    const c = new WriteCoalescer(() => writes++);
    c.arrived();
    c.request(100);
    let turns = 0;
    while (writes === 0) {
      c.arrived(); // a read in every turn
      await turn();
      turns++;
    }
    assert.equal(writes, 1);
    assert.ok(turns <= 8, `${turns} turns`);
  });

  it('a batch that grows to enough while waiting is written at once, the wait dropped', async () => {
    let writes = 0;
    const c = new WriteCoalescer(() => writes++);
    c.request(100);
    c.request(COALESCE_BYTES + 100);
    assert.equal(writes, 1);
    await turn();
    await turn();
    assert.equal(writes, 1);
  });
});
