import { nodeFixture } from '../fixtures.js';
import type { Scenario } from '../types.js';

export const scenario: Scenario = {
  id: 'no-retries',
  description:
    'startretries 0: exactly one attempt, then FATAL; an explicit start from FATAL tries again once',
  programs: [
    { name: 'once', command: nodeFixture('exit-with.js', 1), startsecs: 1, startretries: 0 },
  ],
  actions: [
    { do: 'waitState', name: 'once', state: 'FATAL' },
    { do: 'start', name: 'once' },
    { do: 'waitState', name: 'once', state: 'FATAL', nth: 2 },
  ],
  timeoutMs: 10_000,
  expect: {
    once: [
      'STOPPED->STARTING tries=0',
      'STARTING->BACKOFF tries=1',
      'BACKOFF->FATAL',
      'FATAL->STARTING tries=0',
      'STARTING->BACKOFF tries=1',
      'BACKOFF->FATAL',
    ],
  },
};
