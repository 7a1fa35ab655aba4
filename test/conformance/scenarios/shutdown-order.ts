import { nodeFixture } from '../fixtures.js';
import type { Scenario } from '../types.js';

const life = [
  'STOPPED->STARTING tries=0',
  'STARTING->RUNNING',
  'RUNNING->STOPPING',
  'STOPPING->STOPPED',
];

export const scenario: Scenario = {
  id: 'shutdown-order',
  description:
    'stopping the whole supervisor stops programs in descending priority, each fully ' +
    'stopped before the next one is asked to stop',
  programs: [
    { name: 'low', command: nodeFixture('sleep-forever.js'), startsecs: 1, priority: 10 },
    { name: 'high', command: nodeFixture('sleep-forever.js'), startsecs: 1, priority: 30 },
    {
      name: 'mid',
      command: nodeFixture('ignore-sigterm.js'),
      startsecs: 1,
      priority: 20,
      stopwaitsecs: 1,
    },
  ],
  actions: [
    { do: 'waitState', name: 'low', state: 'RUNNING' },
    { do: 'waitState', name: 'mid', state: 'RUNNING' },
    { do: 'waitState', name: 'high', state: 'RUNNING' },
    { do: 'shutdown' },
  ],
  timeoutMs: 15_000,
  expect: { low: life, mid: life, high: life },
  order: {
    transitions: ['RUNNING->STOPPING', 'STOPPING->STOPPED'],
    expect: [
      'high: RUNNING->STOPPING',
      'high: STOPPING->STOPPED',
      'mid: RUNNING->STOPPING',
      'mid: STOPPING->STOPPED',
      'low: RUNNING->STOPPING',
      'low: STOPPING->STOPPED',
    ],
  },
};
