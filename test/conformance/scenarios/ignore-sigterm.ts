import { nodeFixture } from '../fixtures.js';
import type { Scenario } from '../types.js';

export const scenario: Scenario = {
  id: 'ignore-sigterm',
  description:
    'a program ignoring SIGTERM is SIGKILLed after stopwaitsecs 1: RUNNING -> STOPPING -> STOPPED',
  programs: [
    {
      name: 'stubborn',
      command: nodeFixture('ignore-sigterm.js'),
      startsecs: 1,
      stopwaitsecs: 1,
    },
  ],
  actions: [
    { do: 'waitState', name: 'stubborn', state: 'RUNNING' },
    { do: 'stop', name: 'stubborn' },
    { do: 'waitState', name: 'stubborn', state: 'STOPPED' },
  ],
  timeoutMs: 12_000,
  expect: {
    stubborn: [
      'STOPPED->STARTING tries=0',
      'STARTING->RUNNING',
      'RUNNING->STOPPING',
      'STOPPING->STOPPED',
    ],
  },
};
