import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { OptionError, Supervisor } from '../../../src/index.js';
import { normalizeGroupDefinition } from '../../../src/supervisor/group-definition.js';
import {
  normalizeSupervisorOptions,
  SUPERVISOR_OPTION_KEYS,
} from '../../../src/supervisor/supervisor-options.js';

function rejection(fn: () => unknown): OptionError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof OptionError, `not an OptionError: ${String(error)}`);
    return error;
  }
  assert.fail('accepted');
}

describe('Supervisor options are validated like program options (issue 11, point 11)', () => {
  it('every key of SupervisorOptions is known to the validator', () => {
    const source = readFileSync(
      new URL('../../../src/supervisor/supervisor-options.ts', import.meta.url),
      'utf8',
    );
    const body = source.slice(source.indexOf('export interface SupervisorOptions {'));
    const keys = [...body.slice(0, body.indexOf('\n}')).matchAll(/^ {2}(\w+)\?:/gm)].map(
      (m) => m[1],
    );
    assert.deepEqual([...keys].sort(), [...SUPERVISOR_OPTION_KEYS].sort());
  });

  it('new Supervisor({ logdir }) is refused with a did-you-mean', () => {
    const error = rejection(() => new Supervisor({ logdir: '/tmp' } as never));
    assert.equal(error.option, 'logdir');
    assert.match(error.message, /"logdir" is not an option\. Did you mean "logDir"\?/);
  });

  it('a clock or driver without its methods, a BigInt, a NUL: OptionErrors naming the option', () => {
    assert.equal(
      rejection(() => normalizeSupervisorOptions({ clock: {} as never })).option,
      'clock',
    );
    assert.equal(
      rejection(() => normalizeSupervisorOptions({ statsHistory: 5n as never })).option,
      'statsHistory',
    );
    assert.equal(
      rejection(() => normalizeSupervisorOptions({ logDir: '/tmp\0' })).option,
      'logDir',
    );
    assert.equal(rejection(() => normalizeSupervisorOptions(7 as never)).option, 'options');
    const getter = Object.defineProperty({}, 'logDir', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    assert.equal(rejection(() => normalizeSupervisorOptions(getter)).option, 'options');
  });
});

describe('group definitions are validated (issue 11, point 11)', () => {
  const programs = [{ name: 'a', command: 'x' }];

  it('addGroup({ strategy }) is refused, naming the key', () => {
    const error = rejection(() =>
      normalizeGroupDefinition(
        { name: 'g', programs, strategy: 'one_for_all' },
        'group',
        'options',
      ),
    );
    assert.equal(error.option, 'strategy');
    assert.match(
      error.message,
      /of program "g".*"strategy" is not an option\. Known options: name, programs, priority\./,
    );
  });

  it('a misspelt key gets a did-you-mean; name, priority and programs are checked', () => {
    assert.match(
      rejection(() =>
        normalizeGroupDefinition({ name: 'g', programs, priorty: 5 }, 'group', 'options'),
      ).message,
      /Did you mean "priority"\?/,
    );
    assert.equal(
      rejection(() => normalizeGroupDefinition({ name: 'a b', programs }, 'group', 'options'))
        .option,
      'group.name',
    );
    assert.equal(
      rejection(() =>
        normalizeGroupDefinition({ name: 'g', programs, priority: 1.5 }, 'group', 'options'),
      ).option,
      'priority',
    );
    assert.equal(
      rejection(() => normalizeGroupDefinition({ name: 'g', programs: 'a' }, 'group', 'options'))
        .option,
      'programs',
    );
    assert.equal(
      rejection(() => normalizeGroupDefinition({ name: 'g', programs: [1] }, 'groups[0]', 'names'))
        .option,
      'programs',
    );
  });

  it('through the Supervisor: addGroup() and update() refuse them, spawning nothing', async () => {
    await using sup = new Supervisor({ sampleIntervalMs: 0, handleSignals: false });
    assert.throws(() => sup.addGroup({ name: 'g', programs, strategy: 'x' } as never), {
      code: 'INVALID_OPTION',
    });
    await assert.rejects(
      sup.update({ programs, groups: [{ name: 'g', programs: ['a'], strategy: 1 }] } as never),
      {
        code: 'INVALID_OPTION',
      },
    );
    assert.equal(sup.programs.length, 0);
  });
});
