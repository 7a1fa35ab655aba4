import { nodeFixture } from '../fixtures.js';
import type { Scenario } from '../types.js';

const up = ['STOPPED->STARTING tries=0', 'STARTING->RUNNING'];

export const scenario: Scenario = {
  id: 'priority-order',
  description: 'autostart programs start in ascending priority, whatever the declaration order',
  programs: [
    { name: 'gamma', command: nodeFixture('sleep-forever.js'), startsecs: 1, priority: 300 },
    { name: 'alpha', command: nodeFixture('sleep-forever.js'), startsecs: 1, priority: 100 },
    { name: 'beta', command: nodeFixture('sleep-forever.js'), startsecs: 1, priority: 200 },
  ],
  actions: [
    { do: 'waitState', name: 'alpha', state: 'RUNNING' },
    { do: 'waitState', name: 'beta', state: 'RUNNING' },
    { do: 'waitState', name: 'gamma', state: 'RUNNING' },
  ],
  timeoutMs: 10_000,
  expect: { alpha: up, beta: up, gamma: up },
  order: {
    transitions: ['STOPPED->STARTING'],
    expect: ['alpha: STOPPED->STARTING', 'beta: STOPPED->STARTING', 'gamma: STOPPED->STARTING'],
  },
};
