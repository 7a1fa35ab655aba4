import { fixturePath } from '../fixtures.js';
import type { Scenario } from '../types.js';

const sequence = [
  'STOPPED->STARTING tries=0',
  'STARTING->BACKOFF tries=1',
  'BACKOFF->STARTING tries=1',
  'STARTING->BACKOFF tries=2',
  'BACKOFF->FATAL',
];

export const scenario: Scenario = {
  id: 'spawn-error',
  description:
    'command not found on PATH, and a file that is not executable: STARTING -> BACKOFF ... -> FATAL ' +
    '(autostart; an explicit start of such a command is refused by supervisord before any state change)',
  programs: [
    { name: 'missing', command: 'conformance-no-such-command --flag', startretries: 1 },
    {
      name: 'noexec',
      command: fixturePath('conformance-not-executable.sh'),
      startretries: 1,
    },
  ],
  actions: [
    { do: 'waitState', name: 'missing', state: 'FATAL' },
    { do: 'waitState', name: 'noexec', state: 'FATAL' },
  ],
  timeoutMs: 10_000,
  expect: { missing: sequence, noexec: sequence },
};
