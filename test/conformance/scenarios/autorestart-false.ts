import { nodeFixture } from '../fixtures.js';
import type { Scenario } from '../types.js';

export const scenario: Scenario = {
  id: 'autorestart-false',
  description: 'autorestart=false: an unexpected exit after RUNNING stays EXITED',
  programs: [
    {
      name: 'never',
      command: nodeFixture('exit-with.js', 3, 1500),
      startsecs: 1,
      autorestart: false,
    },
  ],
  actions: [
    { do: 'waitState', name: 'never', state: 'EXITED' },
    { do: 'sleep', ms: 2500 },
  ],
  timeoutMs: 10_000,
  expect: {
    never: ['STOPPED->STARTING tries=0', 'STARTING->RUNNING', 'RUNNING->EXITED unexpected'],
  },
};
