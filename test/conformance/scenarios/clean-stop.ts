import { nodeFixture } from '../fixtures.js';
import type { Scenario } from '../types.js';

export const scenario: Scenario = {
  id: 'clean-stop',
  description:
    'a long-running program reaches RUNNING after startsecs, then a stop request stops it',
  programs: [{ name: 'steady', command: nodeFixture('sleep-forever.js'), startsecs: 1 }],
  actions: [
    { do: 'waitState', name: 'steady', state: 'RUNNING' },
    { do: 'stop', name: 'steady' },
    { do: 'waitState', name: 'steady', state: 'STOPPED' },
  ],
  timeoutMs: 10_000,
  expect: {
    steady: [
      'STOPPED->STARTING tries=0',
      'STARTING->RUNNING',
      'RUNNING->STOPPING',
      'STOPPING->STOPPED',
    ],
  },
};
