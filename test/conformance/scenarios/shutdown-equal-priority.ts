import { nodeFixture } from '../fixtures.js';
import type { Scenario } from '../types.js';

const life = [
  'STOPPED->STARTING tries=0',
  'STARTING->RUNNING',
  'RUNNING->STOPPING',
  'STOPPING->STOPPED',
];

/** Issue 11, point 15: supervisord's signalling order within one priority level. */
export const scenario: Scenario = {
  id: 'shutdown-equal-priority',
  description:
    'at shutdown, programs of equal priority are asked to stop in reverse declaration ' +
    'order, one group at a time: b before a (overseer stops the level concurrently, but ' +
    'signals it in this order; docs/lifecycle.md)',
  programs: [
    { name: 'a', command: nodeFixture('sleep-forever.js'), startsecs: 1, priority: 50 },
    { name: 'b', command: nodeFixture('sleep-forever.js'), startsecs: 1, priority: 50 },
  ],
  actions: [
    { do: 'waitState', name: 'a', state: 'RUNNING' },
    { do: 'waitState', name: 'b', state: 'RUNNING' },
    { do: 'shutdown' },
  ],
  timeoutMs: 15_000,
  expect: { a: life, b: life },
  order: {
    transitions: ['RUNNING->STOPPING'],
    expect: ['b: RUNNING->STOPPING', 'a: RUNNING->STOPPING'],
  },
};
