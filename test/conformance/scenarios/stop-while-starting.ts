import { nodeFixture } from '../fixtures.js';
import type { Scenario } from '../types.js';

export const scenario: Scenario = {
  id: 'stop-while-starting',
  description: 'a stop request during STARTING (startsecs 10) goes STARTING -> STOPPING -> STOPPED',
  programs: [{ name: 'slowstart', command: nodeFixture('sleep-forever.js'), startsecs: 10 }],
  actions: [
    { do: 'waitState', name: 'slowstart', state: 'STARTING' },
    { do: 'stop', name: 'slowstart' },
    { do: 'waitState', name: 'slowstart', state: 'STOPPED' },
  ],
  timeoutMs: 8_000,
  expect: {
    slowstart: ['STOPPED->STARTING tries=0', 'STARTING->STOPPING', 'STOPPING->STOPPED'],
  },
};
