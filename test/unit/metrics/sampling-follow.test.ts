import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import { followRunningPrograms } from '../../../src/metrics/sampling-follow.js';

function setup() {
  const events = new EventEmitter();
  const calls: string[] = [];
  const sampler = { start: () => calls.push('start'), stop: () => calls.push('stop') };
  const pids = new Map<string, number>();
  const key = (p: { name: string; group: string }) => `${p.group}:${p.name}`;
  followRunningPrograms(events, sampler, { keyOf: key, hasProcess: (k) => (pids.get(k) ?? 0) > 0 });
  const spawn = (name: string, pid: number) => {
    pids.set(`${name}:${name}`, pid);
    events.emit('spawn', { name, group: name });
  };
  const state = (name: string, pid: number) => {
    pids.set(`${name}:${name}`, pid);
    events.emit('state', { name, group: name });
  };
  return { calls, spawn, state };
}

describe('followRunningPrograms', () => {
  it('starts at each spawn, stops once the last program with a process has lost it', () => {
    const { calls, spawn, state } = setup();
    spawn('a', 10);
    spawn('b', 11);
    state('a', 10); // RUNNING: still a process
    state('a', 0); // STOPPED
    assert.deepEqual(calls, ['start', 'start'], 'b still has a process');
    state('b', 0);
    assert.deepEqual(calls, ['start', 'start', 'stop']);
  });

  it('a restart in between keeps it going; a state change with no program spawned stops it', () => {
    const { calls, spawn, state } = setup();
    state('a', 0);
    assert.deepEqual(calls, ['stop'], 'nothing ever spawned: stopped, as before any spawn');
    spawn('a', 10);
    state('a', 0); // EXITED
    spawn('a', 12); // the restart
    state('a', 12);
    assert.deepEqual(calls, ['stop', 'start', 'stop', 'start']);
  });
});
