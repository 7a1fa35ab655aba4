import { nodeFixture } from '../fixtures.js';
import type { Scenario } from '../types.js';

const loop = [
  'STOPPED->STARTING tries=0',
  'STARTING->RUNNING',
  'RUNNING->EXITED unexpected',
  'EXITED->STARTING tries=0',
  'STARTING->RUNNING',
  'RUNNING->EXITED unexpected',
  'EXITED->STARTING tries=0',
  'STARTING->RUNNING',
  'RUNNING->EXITED unexpected',
];

export const scenario: Scenario = {
  id: 'startsecs-zero',
  description:
    'startsecs=0: RUNNING at once, so every quick exit is RUNNING -> EXITED and the loop never ' +
    'becomes FATAL, whatever startretries (supervisord #1285); first 9 transitions compared',
  programs: [
    { name: 'instant', command: nodeFixture('exit-with.js', 1), startsecs: 0, startretries: 0 },
  ],
  actions: [{ do: 'waitCount', name: 'instant', count: loop.length }],
  prefix: loop.length,
  timeoutMs: 10_000,
  expect: { instant: loop },
};
