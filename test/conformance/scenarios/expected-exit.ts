import { nodeFixture } from '../fixtures.js';
import type { Scenario } from '../types.js';

export const scenario: Scenario = {
  id: 'expected-exit',
  description:
    'autorestart=unexpected: an exit after RUNNING with a code in exitcodes stays EXITED ' +
    '(default exitcodes 0, and a custom list 0,2)',
  programs: [
    { name: 'done0', command: nodeFixture('exit-with.js', 0, 1500), startsecs: 1 },
    {
      name: 'done2',
      command: nodeFixture('exit-with.js', 2, 1500),
      startsecs: 1,
      exitcodes: [0, 2],
    },
  ],
  actions: [
    { do: 'waitState', name: 'done0', state: 'EXITED' },
    { do: 'waitState', name: 'done2', state: 'EXITED' },
    { do: 'sleep', ms: 2500 },
  ],
  timeoutMs: 10_000,
  expect: {
    done0: ['STOPPED->STARTING tries=0', 'STARTING->RUNNING', 'RUNNING->EXITED expected'],
    done2: ['STOPPED->STARTING tries=0', 'STARTING->RUNNING', 'RUNNING->EXITED expected'],
  },
};
