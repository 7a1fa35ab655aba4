import { nodeFixture } from '../fixtures.js';
import type { Scenario } from '../types.js';

const loop = [
  'STOPPED->STARTING tries=0',
  'STARTING->RUNNING',
  'RUNNING->EXITED expected',
  'EXITED->STARTING tries=0',
  'STARTING->RUNNING',
  'RUNNING->EXITED expected',
  'EXITED->STARTING tries=0',
];

export const scenario: Scenario = {
  id: 'autorestart-true',
  description: 'autorestart=true restarts after every exit from RUNNING, even an expected one',
  programs: [
    {
      name: 'always',
      command: nodeFixture('exit-with.js', 0, 1500),
      startsecs: 1,
      autorestart: true,
    },
  ],
  actions: [{ do: 'waitCount', name: 'always', count: loop.length }],
  prefix: loop.length,
  timeoutMs: 12_000,
  expect: { always: loop },
};
