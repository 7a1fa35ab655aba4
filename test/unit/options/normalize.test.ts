import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OptionError } from '../../../src/errors.js';
import { normalizeProgramOptions } from '../../../src/options/normalize.js';

const base = { name: 'web', command: 'node server.js' };

function rejects(options: Record<string, unknown>, expected: { option: string; message: RegExp }) {
  try {
    normalizeProgramOptions(options);
  } catch (error) {
    assert.ok(error instanceof OptionError, `not an OptionError: ${error}`);
    assert.equal(error.code, 'INVALID_OPTION');
    assert.equal(error.option, expected.option);
    assert.match(error.message, expected.message);
    return error;
  }
  assert.fail(`accepted ${JSON.stringify(options)}`);
}

describe('program options: supervisord defaults', () => {
  it('fills every default', () => {
    const c = normalizeProgramOptions(base);
    assert.deepEqual(
      {
        argv: c.argv,
        group: c.group,
        priority: c.priority,
        autostart: c.autostart,
        startSecs: c.startSecs,
        startRetries: c.startRetries,
        autorestart: c.autorestart,
        exitCodes: c.exitCodes,
        stopSignal: c.stopSignal,
        stopWaitSecs: c.stopWaitSecs,
        stopAsGroup: c.stopAsGroup,
        killAsGroup: c.killAsGroup,
        umask: c.umask,
        directory: c.directory,
        shell: c.shell,
        inheritEnvironment: c.inheritEnvironment,
      },
      {
        argv: ['node', 'server.js'],
        group: 'web',
        priority: 999,
        autostart: true,
        startSecs: 1,
        startRetries: 3,
        autorestart: 'unexpected',
        exitCodes: [0],
        stopSignal: 'SIGTERM',
        stopWaitSecs: 10,
        stopAsGroup: true,
        killAsGroup: true,
        umask: undefined,
        directory: undefined,
        shell: false,
        inheritEnvironment: true,
      },
    );
    assert.deepEqual([1, 2, 3].map(c.backoffMs), [1000, 2000, 3000]);
    assert.ok(Object.isFrozen(c));
  });

  it('killAsGroup follows stopAsGroup; stopAsGroup false gives supervisord behaviour', () => {
    const c = normalizeProgramOptions({ ...base, stopAsGroup: false });
    assert.equal(c.killAsGroup, false);
    assert.equal(
      normalizeProgramOptions({ ...base, stopAsGroup: false, killAsGroup: true }).killAsGroup,
      true,
    );
  });

  it('accepts signal names with or without SIG, any case, or numbers', () => {
    for (const [input, expected] of [
      ['INT', 'SIGINT'],
      ['sighup', 'SIGHUP'],
      [9, 'SIGKILL'],
      ['15', 'SIGTERM'],
    ] as const) {
      assert.equal(normalizeProgramOptions({ ...base, stopSignal: input }).stopSignal, expected);
    }
  });

  it('umask as octal string or number', () => {
    assert.equal(normalizeProgramOptions({ ...base, umask: '022' }).umask, 0o22);
    assert.equal(normalizeProgramOptions({ ...base, umask: 0o77 }).umask, 0o77);
  });

  it('fractional seconds are kept: exact to the millisecond', () => {
    assert.equal(normalizeProgramOptions({ ...base, startSecs: 0.25 }).startSecs, 0.25);
  });
});

describe('program options: command splitting', () => {
  const argv = (command: unknown, shell = false) =>
    normalizeProgramOptions({ ...base, command, shell }).argv;

  it('splits like a POSIX shell without running one', () => {
    assert.deepEqual(argv(`node -e "console.log('a b')" 'x y' z\\ w`), [
      'node',
      '-e',
      "console.log('a b')",
      'x y',
      'z w',
    ]);
  });

  it('keeps $VARS and globs literal, as no shell expands them', () => {
    assert.deepEqual(argv('echo $HOME *.js'), ['echo', '$HOME', '*.js']);
  });

  it('passes argv arrays through', () => {
    assert.deepEqual(argv(['node', 'a b.js']), ['node', 'a b.js']);
  });

  it('shell: true runs the line through /bin/sh -c', () => {
    assert.deepEqual(argv('a | b', true), ['/bin/sh', '-c', 'a | b']);
  });

  it('refuses shell operators without shell: true, pointing to the fix', () => {
    rejects(
      { ...base, command: 'node a.js | tee x' },
      { option: 'command', message: /shell operator "\|".*Set shell: true/ },
    );
  });
});

describe('program options: every bad value is named, with the fix', () => {
  const cases: [Record<string, unknown>, string, RegExp][] = [
    [
      { command: 'x' },
      'name',
      /Invalid option "name": got undefined\. Use a non-empty name without spaces/,
    ],
    [
      { ...base, name: 'a:b' },
      'name',
      /got "a:b"\. Use a non-empty name without spaces, ":" or "\/"/,
    ],
    [{ ...base, name: 'a b' }, 'name', /got "a b"/],
    [{ ...base, name: 'a/b' }, 'name', /got "a\/b"/],
    [{ ...base, command: '' }, 'command', /of program "web": got ""\. Use a command line like/],
    [{ ...base, command: [] }, 'command', /got \[\]\. Use a non-empty array of strings/],
    [
      { ...base, startSecs: -1 },
      'startSecs',
      /of program "web": got -1\. Use a number of seconds >= 0, for example startSecs: 1\./,
    ],
    [{ ...base, stopWaitSecs: 'ten' }, 'stopWaitSecs', /got "ten"\. Use a number of seconds >= 0/],
    [
      { ...base, startRetries: 1.5 },
      'startRetries',
      /got 1\.5\. Use a whole number >= 0, for example startRetries: 3\./,
    ],
    [
      { ...base, exitCodes: [0, 256] },
      'exitCodes',
      /got \[0,256\]\. Use an array of whole numbers from 0 to 255/,
    ],
    [{ ...base, exitCodes: 0 }, 'exitCodes', /got 0\. Use an array/],
    [
      { ...base, stopSignal: 'TERMINATE' },
      'stopSignal',
      /got "TERMINATE"\. Use a signal name like "TERM".*Did you mean "TERM"\?/,
    ],
    [{ ...base, stopSignal: 99 }, 'stopSignal', /got 99\./],
    [
      { ...base, autorestart: 'always' },
      'autorestart',
      /got "always"\. Use one of true, false, "unexpected"\./,
    ],
    [
      { ...base, stopWaitsecs: 3 },
      'stopWaitsecs',
      /"stopWaitsecs" is not an option\. Did you mean "stopWaitSecs"\?/,
    ],
    [{ ...base, bogus: 1 }, 'bogus', /"bogus" is not an option\./],
    [
      { ...base, environment: { A: 1 } },
      'environment.A',
      /got 1\. Use a string value, like A: "1"\./,
    ],
    [{ ...base, environment: 'A=1' }, 'environment', /Use an object of strings/],
    [{ ...base, umask: '999' }, 'umask', /got "999"\. Use an octal string like "022"/],
    [{ ...base, priority: 'high' }, 'priority', /got "high"\. Use a whole number/],
    [{ ...base, killAsGroup: false }, 'killAsGroup', /stopAsGroup: true needs killAsGroup: true/],
    [{ ...base, directory: '' }, 'directory', /Use a non-empty string/],
    [
      { ...base, backoff: { type: 'fibonacci' } },
      'backoff',
      /Use \{ type: 'linear' \}, \{ type: 'exponential'/,
    ],
    [
      { ...base, backoff: { type: 'exponential', factor: 0.5 } },
      'backoff.factor',
      /Use a number >= 1/,
    ],
    [{ ...base, restartBudget: 5 }, 'restartBudget', /Use \{ maxRestarts: 5, withinSecs: 60 \}/],
  ];
  for (const [options, option, message] of cases) {
    it(`${option}: ${JSON.stringify(options[option] ?? options)}`, () => {
      rejects(options, { option, message });
    });
  }

  it('the error carries program, option, value and fix as fields', () => {
    const error = rejects({ ...base, startSecs: -2 }, { option: 'startSecs', message: /-2/ });
    assert.equal(error.program, 'web');
    assert.equal(error.value, -2);
    assert.match(error.fix, /number of seconds/);
  });

  it('switching user is refused unless the host runs as root', {
    skip: process.getuid?.() === 0,
  }, () => {
    rejects(
      { ...base, user: 'nobody' },
      { option: 'user', message: /needs the host to run as root/ },
    );
  });
});
