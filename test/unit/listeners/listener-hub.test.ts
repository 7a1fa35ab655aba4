import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { ManualClock } from '../../../src/clock.js';
import type { StateChange } from '../../../src/events.js';
import { ListenerHub } from '../../../src/listeners/listener-hub.js';
import { tappedPipe } from '../../../src/listeners/output-tap.js';
import type { Program } from '../../../src/program/program.js';

type Handler = (payload: never) => void;

/** The supervisor as the hub sees it: state/add/remove events and programs by address. */
function fakeSupervisor() {
  const handlers = new Map<string, Handler[]>();
  const programs = new Map<string, Program>();
  return {
    source: {
      on: (event: string, fn: Handler) => {
        handlers.set(event, [...(handlers.get(event) ?? []), fn]);
        return () => {};
      },
      get: (key: string) => programs.get(key),
    },
    emit: (event: string, payload: unknown) => {
      for (const fn of handlers.get(event) ?? []) fn(payload as never);
    },
    programs,
  };
}

function fakeProgram(name: string, listener?: string[]) {
  const written: string[] = [];
  const events = {
    stdoutEventsEnabled: false,
    stderrEventsEnabled: false,
    stdoutCaptureMaxbytes: 0,
    stderrCaptureMaxbytes: 0,
    listener: listener ? { events: listener, bufferSize: 10 } : undefined,
  };
  const program = {
    name,
    group: name,
    state: 'RUNNING',
    pid: 100,
    config: { events },
    write: async (text: string) => void written.push(text),
  };
  return { program: program as unknown as Program, written };
}

describe('listeners/listener-hub: the supervisor as supervisord events', () => {
  it('sends group, supervisor state and tick events to a subscribed listener, in order', async () => {
    const clock = new ManualClock(1_700_000_001_000);
    const sup = fakeSupervisor();
    const errors: Error[] = [];
    const hub = new ListenerHub(clock, sup.source, (e) => errors.push(e));
    const l = fakeProgram('l', [
      'PROCESS_GROUP',
      'SUPERVISOR_STATE_CHANGE',
      'TICK_5',
      'REMOTE_COMMUNICATION',
    ]);
    const web = fakeProgram('web');
    for (const p of [l, web]) {
      sup.programs.set(`${p.program.name}:${p.program.name}`, p.program);
      sup.emit('add', { name: p.program.name, group: p.program.name });
    }
    hub.supervisorState('RUNNING');
    // The listener's stdout, through its tap, as its spawn would attach it.
    const stdout = new PassThrough();
    tappedPipe(l.program, 'stdout', stdout)?.resume();
    const say = async (text: string) => {
      stdout.write(text);
      await new Promise((r) => setImmediate(r));
    };
    await say('READY\n');
    clock.advance(4_000);
    for (let i = 0; i < 3; i++) await say('RESULT 2\nOKREADY\n');
    sup.emit('remove', { name: 'web', group: 'web' });
    await say('RESULT 2\nOKREADY\n');
    hub.remote('deploy', 'v2 is out');
    await say('RESULT 2\nOKREADY\n');
    const got = l.written.map((t) => {
      const [header, payload] = t.split('\n');
      return `${/eventname:(\S+)/.exec(header ?? '')?.[1]} ${payload}`;
    });
    assert.deepEqual(got, [
      'PROCESS_GROUP_ADDED groupname:l',
      'PROCESS_GROUP_ADDED groupname:web',
      'SUPERVISOR_STATE_CHANGE_RUNNING ',
      'TICK_5 when:1700000005',
      'PROCESS_GROUP_REMOVED groupname:web',
      'REMOTE_COMMUNICATION type:deploy',
    ]);
    assert.match(l.written.at(-1) ?? '', /len:21\ntype:deploy\nv2 is out$/);
    assert.match(l.written[0] ?? '', /^ver:3\.0 server:supervisor serial:0 pool:l poolserial:0 /);
    assert.deepEqual(errors, []);
    hub.supervisorState('STOPPING');
  });

  it("forwards PROCESS_STATE events of every program, the listener's own included", async () => {
    const sup = fakeSupervisor();
    new ListenerHub(new ManualClock(0), sup.source, () => {});
    const l = fakeProgram('l', ['PROCESS_STATE_RUNNING']);
    sup.programs.set('l:l', l.program);
    sup.emit('add', { name: 'l', group: 'l' });
    const stdout = new PassThrough();
    tappedPipe(l.program, 'stdout', stdout)?.resume();
    const change = {
      name: 'l',
      group: 'l',
      from: 'STARTING',
      to: 'RUNNING',
      pid: 7,
      tries: 0,
      time: 0,
    };
    sup.emit('state', change as StateChange);
    assert.equal(l.written.length, 0, 'not READY yet: buffered');
    stdout.write('READY\n');
    await new Promise((r) => setImmediate(r));
    assert.match(
      l.written[0] ?? '',
      /eventname:PROCESS_STATE_RUNNING len:\d+\nprocessname:l groupname:l from_state:STARTING pid:7$/,
    );
  });
});
