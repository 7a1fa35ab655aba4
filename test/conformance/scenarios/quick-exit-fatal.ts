import { nodeFixture } from '../fixtures.js';
import type { Scenario } from '../types.js';

export const scenario: Scenario = {
  id: 'quick-exit-fatal',
  description:
    'exits before startsecs: BACKOFF with tries 1..4, then FATAL (startretries 3 = 4 spawns); ' +
    'autorestart=false does not stop retries from BACKOFF (supervisord #212)',
  programs: [
    { name: 'quick', command: nodeFixture('exit-with.js', 1), startsecs: 1, startretries: 3 },
    {
      name: 'quick_norestart',
      command: nodeFixture('exit-with.js', 0),
      startsecs: 1,
      startretries: 1,
      autorestart: false,
    },
  ],
  actions: [
    { do: 'waitState', name: 'quick', state: 'FATAL' },
    { do: 'waitState', name: 'quick_norestart', state: 'FATAL' },
  ],
  timeoutMs: 25_000,
  expect: {
    quick: [
      'STOPPED->STARTING tries=0',
      'STARTING->BACKOFF tries=1',
      'BACKOFF->STARTING tries=1',
      'STARTING->BACKOFF tries=2',
      'BACKOFF->STARTING tries=2',
      'STARTING->BACKOFF tries=3',
      'BACKOFF->STARTING tries=3',
      'STARTING->BACKOFF tries=4',
      'BACKOFF->FATAL',
    ],
    quick_norestart: [
      'STOPPED->STARTING tries=0',
      'STARTING->BACKOFF tries=1',
      'BACKOFF->STARTING tries=1',
      'STARTING->BACKOFF tries=2',
      'BACKOFF->FATAL',
    ],
  },
};
