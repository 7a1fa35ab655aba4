import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StateChange } from '../../../src/events.js';
import {
  communicationEvent,
  groupEvent,
  logEvent,
  stateEvent,
  supervisorStateEvent,
  tickEvent,
} from '../../../src/listeners/payloads.js';
import { envelope } from '../../../src/listeners/protocol.js';
import { python, pythonMissing } from '../../helpers/python-supervisor.js';

const change = (from: string, to: string, extra: Partial<StateChange> = {}): StateChange =>
  ({
    name: 'web_01',
    group: 'web',
    from,
    to,
    pid: 4242,
    tries: 2,
    time: 0,
    ...extra,
  }) as StateChange;

const CHANGES: StateChange[] = [
  change('STOPPED', 'STARTING', { tries: 0, pid: 0 }),
  change('STARTING', 'RUNNING'),
  change('RUNNING', 'EXITED', { expected: false }),
  change('RUNNING', 'EXITED', { expected: true }),
  change('EXITED', 'STARTING', { tries: 0, pid: 0 }),
  change('STARTING', 'BACKOFF', { tries: 3, pid: 0 }),
  change('BACKOFF', 'FATAL', { pid: 0 }),
  change('RUNNING', 'STOPPING'),
  change('STOPPING', 'STOPPED'),
  change('RUNNING', 'UNKNOWN'),
];

/** supervisord's own classes render the payloads and the envelope of the same events. */
const PY = `
from supervisor import events
from supervisor.process import EventListenerPool
from supervisor.states import ProcessStates
class O: pass
def f(c):
    proc = O(); proc.config = O(); proc.config.name = c['name']
    proc.group = O(); proc.group.config = O(); proc.group.config.name = c['group']
    proc.pid = c['pid']; proc.backoff = c['tries']
    cls = getattr(events.EventTypes, 'PROCESS_STATE_' + c['to'])
    ev = cls(proc, getattr(ProcessStates, c['from']), c.get('expected', True))
    pool = O(); pool.config = O(); pool.config.name = 'listener'
    pool.config.options = O(); pool.config.options.identifier = 'supervisor'
    return EventListenerPool._eventEnvelope(pool, cls, 7, 3, ev.payload())
`;

describe('listeners/payloads: byte for byte what supervisord sends', () => {
  it('renders PROCESS_STATE_* and the envelope exactly as supervisord 4.2', {
    skip: pythonMissing,
  }, () => {
    const expected = python(PY, CHANGES);
    CHANGES.forEach((c, i) => {
      const { eventName, payload } = stateEvent(c);
      const ours = envelope({ serial: 7, pool: 'listener', poolSerial: 3, eventName, payload });
      assert.equal(ours, expected[i]?.ok, `${c.from}->${c.to}`);
    });
  });

  it('renders the other event types as events.py does', () => {
    const p = { name: 'web', group: 'site', pid: 10 };
    assert.deepEqual(logEvent(p, 'stderr', 'oops\n'), {
      eventName: 'PROCESS_LOG_STDERR',
      payload: 'processname:web groupname:site pid:10 channel:stderr\noops\n',
    });
    assert.equal(
      communicationEvent(p, 'stdout', 'the data').payload,
      'processname:web groupname:site pid:10\nthe data',
    );
    assert.deepEqual(groupEvent('ADDED', 'site'), {
      eventName: 'PROCESS_GROUP_ADDED',
      payload: 'groupname:site\n',
    });
    assert.deepEqual(tickEvent(60, 1700000040), {
      eventName: 'TICK_60',
      payload: 'when:1700000040',
    });
    assert.deepEqual(supervisorStateEvent('STOPPING'), {
      eventName: 'SUPERVISOR_STATE_CHANGE_STOPPING',
      payload: '',
    });
  });

  it('counts len in characters, as Python does', () => {
    const text = envelope({
      serial: 0,
      pool: 'l',
      poolSerial: 0,
      eventName: 'PROCESS_LOG_STDOUT',
      payload: 'héllo ✓',
    });
    assert.match(text, /len:7\n/);
  });
});
