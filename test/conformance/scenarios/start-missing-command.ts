import type { Scenario } from '../types.js';

export const scenario: Scenario = {
  id: 'start-missing-command',
  description:
    'an explicit start of a command that is not on PATH: supervisord refuses it (NO_FILE) ' +
    'before any state change, so the program stays STOPPED',
  programs: [
    {
      name: 'ghost',
      command: 'conformance-no-such-command',
      autostart: false,
      startretries: 1,
    },
  ],
  actions: [
    { do: 'start', name: 'ghost' },
    { do: 'sleep', ms: 2500 },
  ],
  timeoutMs: 6_000,
  expect: { ghost: [] },
  deliberate: {
    reason:
      'overseer does not pre-check the command in start(): a missing command is a spawn ' +
      'failure like any other (issue 2: "set a readable spawnError and go STARTING -> BACKOFF ' +
      '-> ... -> FATAL"), and start() rejects with SPAWN_ERROR at FATAL; supervisord\'s ' +
      'startProcess refuses with NO_FILE and changes no state (reference section 5)',
    overseer: {
      ghost: [
        'STOPPED->STARTING tries=0',
        'STARTING->BACKOFF tries=1',
        'BACKOFF->STARTING tries=1',
        'STARTING->BACKOFF tries=2',
        'BACKOFF->FATAL',
      ],
    },
  },
};
