import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ListenerProtocol } from '../../../src/listeners/protocol.js';

const b = (s: string) => Buffer.from(s);

describe('listeners/protocol: the listener side, as PEventListenerDispatcher', () => {
  it('goes READY, BUSY, ACKNOWLEDGED, READY, with pieces arriving in any split', () => {
    const p = new ListenerProtocol();
    assert.equal(p.state, 'ACKNOWLEDGED');
    assert.deepEqual(p.feed(b('REA')), []);
    assert.deepEqual(p.feed(b('DY\n')), [{ type: 'ready' }]);
    p.sent();
    assert.equal(p.state, 'BUSY');
    assert.deepEqual(p.feed(b('RESULT 2')), []);
    assert.deepEqual(p.feed(b('\nO')), []);
    assert.deepEqual(p.feed(b('KREADY\n')), [{ type: 'result', body: 'OK' }, { type: 'ready' }]);
    assert.equal(p.state, 'READY');
  });

  it('passes FAIL (or any other body) on as a rejection', () => {
    const p = new ListenerProtocol();
    p.feed(b('READY\n'));
    p.sent();
    assert.deepEqual(p.feed(b('RESULT 4\nFAIL')), [{ type: 'result', body: 'FAIL' }]);
    assert.equal(p.state, 'ACKNOWLEDGED');
  });

  it('enters UNKNOWN on output while READY, a bad start, or a bad result line', () => {
    const ready = new ListenerProtocol();
    ready.feed(b('READY\n'));
    assert.equal(ready.feed(b('chatter\n'))[0]?.type, 'unknown');
    assert.equal(ready.state, 'UNKNOWN');
    assert.deepEqual(ready.feed(b('READY\n')), []);

    const bad = new ListenerProtocol();
    assert.deepEqual(bad.feed(b('hello!\n')), [
      { type: 'unknown', reason: 'did not start with READY', reject: false },
    ]);

    const busy = new ListenerProtocol();
    busy.feed(b('READY\n'));
    busy.sent();
    assert.deepEqual(busy.feed(b('RESULT x\n')), [
      { type: 'unknown', reason: "bad result line: 'RESULT x'", reject: true },
    ]);
  });
});
