import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ListenerPool } from '../../../src/listeners/listener-pool.js';
import type { Program } from '../../../src/program/program.js';

/** A listener program as the pool sees it: a state and a stdin. */
function fakeListener(name: string) {
  const written: string[] = [];
  const p = { name, state: 'RUNNING', write: async (s: string) => void written.push(s) };
  return { program: p as unknown as Program, written, fake: p };
}

const event = (serial: number) => ({
  serial,
  eventName: 'PROCESS_STATE_EXITED',
  payload: `p${serial}`,
});

function pool(bufferSize = 10) {
  const warnings: string[] = [];
  return {
    pool: new ListenerPool('mail', ['PROCESS_STATE'], bufferSize, {
      warn: (m) => warnings.push(m),
    }),
    warnings,
  };
}

describe('listeners/listener-pool: supervisord EventListenerPool', () => {
  it('subscribes to a type and its subtypes only', () => {
    const { pool: p } = pool();
    assert.equal(p.wants('PROCESS_STATE_FATAL'), true);
    assert.equal(p.wants('TICK_5'), false);
  });

  it('holds events until a member is READY, sends one at a time, with pool serials', () => {
    const { pool: p } = pool();
    const l = fakeListener('mail');
    p.join(l.program);
    p.accept(event(10));
    p.accept(event(11));
    assert.equal(l.written.length, 0);
    p.output(l.program, Buffer.from('READY\n'));
    assert.equal(l.written.length, 1);
    assert.match(
      l.written[0] ?? '',
      /^ver:3\.0 server:supervisor serial:10 pool:mail poolserial:0 eventname:PROCESS_STATE_EXITED len:3\np10$/,
    );
    p.output(l.program, Buffer.from('RESULT 2\nOKREADY\n'));
    assert.match(l.written[1] ?? '', /serial:11 pool:mail poolserial:1 /);
  });

  it('rebuffers a rejected event at the head and sends it again', () => {
    const { pool: p } = pool();
    const l = fakeListener('mail');
    p.join(l.program);
    p.accept(event(1));
    p.accept(event(2));
    p.output(l.program, Buffer.from('READY\n'));
    p.output(l.program, Buffer.from('RESULT 4\nFAILREADY\n'));
    assert.match(l.written[1] ?? '', /serial:1 .*poolserial:0 /);
  });

  it('rebuffers the event of a listener that dies while BUSY; the restarted one gets it', () => {
    const { pool: p } = pool();
    const l = fakeListener('mail');
    p.join(l.program);
    p.output(l.program, Buffer.from('READY\n'));
    p.accept(event(5));
    l.fake.state = 'EXITED';
    p.exited(l.program);
    assert.equal(p.buffered, 1);
    l.fake.state = 'RUNNING';
    p.spawned(l.program);
    p.output(l.program, Buffer.from('READY\n'));
    assert.match(l.written[1] ?? '', /serial:5 /);
  });

  it('drops the oldest event when the buffer overflows, saying which', () => {
    const { pool: p, warnings } = pool(2);
    for (const s of [1, 2, 3]) p.accept(event(s));
    assert.equal(p.buffered, 2);
    assert.deepEqual(warnings, ['pool mail event buffer overflowed, discarding event 1']);
  });

  it('sends nothing to a member that is not RUNNING, or that broke the protocol', () => {
    const { pool: p, warnings } = pool();
    const l = fakeListener('mail');
    l.fake.state = 'STARTING';
    p.join(l.program);
    p.output(l.program, Buffer.from('READY\n'));
    p.accept(event(1));
    assert.equal(l.written.length, 0);
    l.fake.state = 'RUNNING';
    p.dispatch();
    assert.equal(l.written.length, 1);
    p.output(l.program, Buffer.from('garbage\n'));
    assert.match(warnings[0] ?? '', /UNKNOWN state and will no longer receive events/);
    p.accept(event(2));
    assert.equal(l.written.length, 1);
    assert.equal(p.buffered, 2);
  });
});
