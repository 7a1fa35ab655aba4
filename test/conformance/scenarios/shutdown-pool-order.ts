import { nodeFixture } from '../fixtures.js';
import type { Scenario } from '../types.js';

const life = [
  'STOPPED->STARTING tries=0',
  'STARTING->RUNNING',
  'RUNNING->STOPPING',
  'STOPPING->STOPPED',
];

/** Issue 11, point 15: a pool's members are signalled in reverse order at shutdown. */
export const scenario: Scenario = {
  id: 'shutdown-pool-order',
  description:
    'at shutdown, the members of a numprocs pool are asked to stop in reverse order: ' +
    'w_2, w_1, w_0',
  programs: [{ name: 'w', command: nodeFixture('sleep-forever.js'), startsecs: 1, numprocs: 3 }],
  actions: [
    { do: 'waitState', name: 'w_0', state: 'RUNNING' },
    { do: 'waitState', name: 'w_1', state: 'RUNNING' },
    { do: 'waitState', name: 'w_2', state: 'RUNNING' },
    { do: 'shutdown' },
  ],
  timeoutMs: 15_000,
  expect: { w_0: life, w_1: life, w_2: life },
  order: {
    transitions: ['RUNNING->STOPPING'],
    expect: ['w_2: RUNNING->STOPPING', 'w_1: RUNNING->STOPPING', 'w_0: RUNNING->STOPPING'],
  },
};
