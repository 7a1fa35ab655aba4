import { nodeFixture } from '../fixtures.js';
import type { Scenario } from '../types.js';

const sequence = [
  'STOPPED->STARTING tries=0',
  'STARTING->RUNNING',
  'RUNNING->EXITED unexpected',
  'EXITED->STARTING tries=0',
  'STARTING->RUNNING',
];

export const scenario: Scenario = {
  id: 'killed-by-signal',
  description:
    'kill -9 while RUNNING: EXITED, never expected (even with 9 and 137 in exitcodes), restarted',
  programs: [
    { name: 'victim', command: nodeFixture('sleep-forever.js'), startsecs: 1 },
    {
      name: 'victim_codes',
      command: nodeFixture('sleep-forever.js'),
      startsecs: 1,
      exitcodes: [0, 9, 137],
    },
  ],
  actions: [
    { do: 'waitState', name: 'victim', state: 'RUNNING' },
    { do: 'waitState', name: 'victim_codes', state: 'RUNNING' },
    { do: 'kill9', name: 'victim' },
    { do: 'kill9', name: 'victim_codes' },
    { do: 'waitState', name: 'victim', state: 'RUNNING', nth: 2 },
    { do: 'waitState', name: 'victim_codes', state: 'RUNNING', nth: 2 },
  ],
  timeoutMs: 12_000,
  expect: { victim: sequence, victim_codes: sequence },
};
