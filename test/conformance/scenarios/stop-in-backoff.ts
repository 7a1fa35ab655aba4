import { nodeFixture } from '../fixtures.js';
import type { Scenario } from '../types.js';

export const scenario: Scenario = {
  id: 'stop-in-backoff',
  description:
    'a stop request in BACKOFF goes straight to STOPPED, with no further retry; the retry ' +
    'counter is not reset, so the next explicit start continues from it',
  programs: [
    { name: 'flaky', command: nodeFixture('exit-with.js', 1), startsecs: 1, startretries: 5 },
  ],
  actions: [
    // The second BACKOFF waits 2 s before the retry: room for supervisord's 1 s granularity.
    { do: 'waitState', name: 'flaky', state: 'BACKOFF', nth: 2 },
    { do: 'stop', name: 'flaky' },
    { do: 'waitState', name: 'flaky', state: 'STOPPED' },
    { do: 'sleep', ms: 2500 },
    { do: 'start', name: 'flaky' },
    { do: 'waitState', name: 'flaky', state: 'BACKOFF', nth: 3 },
    { do: 'stop', name: 'flaky' },
    { do: 'waitState', name: 'flaky', state: 'STOPPED', nth: 2 },
  ],
  timeoutMs: 15_000,
  expect: {
    flaky: [
      'STOPPED->STARTING tries=0',
      'STARTING->BACKOFF tries=1',
      'BACKOFF->STARTING tries=1',
      'STARTING->BACKOFF tries=2',
      'BACKOFF->STOPPED',
      'STOPPED->STARTING tries=2',
      'STARTING->BACKOFF tries=3',
      'BACKOFF->STOPPED',
    ],
  },
};
