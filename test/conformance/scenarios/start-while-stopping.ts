import { nodeFixture } from '../fixtures.js';
import type { Scenario } from '../types.js';

export const scenario: Scenario = {
  id: 'start-while-stopping',
  description:
    'an explicit start while STOPPING (SIGTERM ignored, stopwaitsecs 1): supervisord accepts ' +
    'the request but does not spawn (the old pid is still there), so it ends STOPPED',
  programs: [
    {
      name: 'lingering',
      command: nodeFixture('ignore-sigterm.js'),
      startsecs: 1,
      stopwaitsecs: 1,
    },
  ],
  actions: [
    { do: 'waitState', name: 'lingering', state: 'RUNNING' },
    { do: 'stop', name: 'lingering' },
    { do: 'waitState', name: 'lingering', state: 'STOPPING' },
    { do: 'start', name: 'lingering' },
    { do: 'waitState', name: 'lingering', state: 'STOPPED' },
    { do: 'sleep', ms: 2500 },
  ],
  timeoutMs: 10_000,
  expect: {
    lingering: [
      'STOPPED->STARTING tries=0',
      'STARTING->RUNNING',
      'RUNNING->STOPPING',
      'STOPPING->STOPPED',
    ],
  },
  deliberate: {
    reason:
      'Program.start() from STOPPING waits for the stop to finish, then starts (documented on ' +
      'Program.start); supervisord accepts startProcess but spawns nothing while the old pid ' +
      'lives, so the request is silently lost',
    overseer: {
      lingering: [
        'STOPPED->STARTING tries=0',
        'STARTING->RUNNING',
        'RUNNING->STOPPING',
        'STOPPING->STOPPED',
        'STOPPED->STARTING tries=0',
        'STARTING->RUNNING',
      ],
    },
  },
};
