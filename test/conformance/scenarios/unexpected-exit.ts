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
];

export const scenario: Scenario = {
  id: 'unexpected-exit',
  description:
    'autorestart=unexpected: an exit after RUNNING with a code not in exitcodes restarts, ' +
    'and the retry counter restarts from 0 (never FATAL)',
  programs: [{ name: 'crashy', command: nodeFixture('exit-with.js', 3, 1500), startsecs: 1 }],
  actions: [{ do: 'waitCount', name: 'crashy', count: loop.length }],
  prefix: loop.length,
  timeoutMs: 12_000,
  expect: { crashy: loop },
};
