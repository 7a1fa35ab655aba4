import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BEGIN_TOKEN, CaptureMode, END_TOKEN } from '../../../src/listeners/capture.js';

const b = (s: string) => Buffer.from(s);
const B = BEGIN_TOKEN.toString();
const E = END_TOKEN.toString();

function run(mode: CaptureMode, chunks: string[]) {
  const logged: string[] = [];
  const captured: string[] = [];
  const comms: string[] = [];
  for (const c of [...chunks.map(b), undefined]) {
    const out = c ? mode.feed(c) : mode.end();
    for (const p of out.pieces) (p.captured ? captured : logged).push(p.data.toString());
    comms.push(...out.communications.map((x) => x.toString()));
  }
  return { logged: logged.join(''), captured: captured.join(''), comms };
}

describe('listeners/capture: supervisord capture mode', () => {
  it('turns what is between the tokens into one communication, the rest is logged', () => {
    const r = run(new CaptureMode(1024), [`before ${B}the data${E} after\n`]);
    assert.deepEqual(r, { logged: 'before  after\n', captured: 'the data', comms: ['the data'] });
  });

  it('finds tokens split across chunks (sample_commevent.py writes them separately)', () => {
    const r = run(new CaptureMode(1024), [
      B.slice(0, 10),
      B.slice(10),
      'the ',
      'data',
      E.slice(0, 5),
      E.slice(5),
      B,
      'again',
      E,
    ]);
    assert.deepEqual(r.comms, ['the data', 'again']);
    assert.equal(r.logged, '');
  });

  it('keeps only the last maxBytes of a capture, as BoundIO', () => {
    const r = run(new CaptureMode(4), [`${B}abcdefgh${E}`]);
    assert.deepEqual(r.comms, ['efgh']);
  });

  it('waits while too little is buffered, and logs it when the pipe ends', () => {
    const mode = new CaptureMode(1024);
    assert.deepEqual(mode.feed(b('hi\n')).pieces, []);
    assert.equal(mode.end().pieces[0]?.data.toString(), 'hi\n');
  });
});
