import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JsonLines } from '../../../src/health/json-lines.js';

describe('JsonLines (the IPC wire format)', () => {
  it('one JSON value per line, across chunk boundaries', () => {
    const r = new JsonLines();
    assert.deepEqual(r.push('{"ready":tr'), []);
    assert.deepEqual(r.push(Buffer.from('ue,"port":8080}\n"heartbeat"\n')), [
      { ready: true, port: 8080 },
      'heartbeat',
    ]);
  });

  it('garbage and over-long lines are dropped, never thrown', () => {
    const r = new JsonLines(16);
    assert.deepEqual(r.push('garbage\n\n{"ok":1}\n'), [{ ok: 1 }]);
    assert.deepEqual(r.push('"0123456789abcdefghij'), []);
    assert.deepEqual(r.push('klm"\n"next"\n'), ['next'], 'the rest of the long line is skipped');
    assert.equal(r.dropped, 2);
  });
});
