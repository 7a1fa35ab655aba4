import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OptionError } from '../../../src/errors.js';
import { checkInputShape } from '../../../src/options/input-shape.js';
import { normalizeProgramOptions } from '../../../src/options/normalize.js';
import { planPool } from '../../../src/supervisor/pool.js';

const base = { name: 'web', command: 'node server.js' };

function optionOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof OptionError, `not an OptionError: ${String(error)}`);
    return error.option;
  }
  assert.fail('accepted');
}

describe('add() raises only OptionErrors (issue 11, point 7)', () => {
  it('a circular object, named by its path', () => {
    const env: Record<string, unknown> = { A: 'x' };
    env.self = env;
    assert.equal(
      optionOf(() => planPool({ ...base, environment: env } as never)),
      'environment.self',
    );
  });

  it('a null-prototype object holding a BigInt', () => {
    const env = Object.assign(Object.create(null), { N: 1n });
    assert.equal(
      optionOf(() => normalizeProgramOptions({ ...base, environment: env })),
      'environment.N',
    );
  });

  it('a BigInt where a number goes, with the fix', () => {
    try {
      normalizeProgramOptions({ ...base, startSecs: 5n });
      assert.fail('accepted');
    } catch (error) {
      assert.ok(error instanceof OptionError);
      assert.match(
        error.message,
        /Invalid option "startSecs" of program "web": got 5n\. Use a plain number/,
      );
    }
  });

  it('NUL bytes in name, command, environment and paths never pass add()', () => {
    assert.equal(
      optionOf(() => planPool({ ...base, name: 'a\0b' })),
      'name',
    );
    assert.equal(
      optionOf(() => planPool({ ...base, command: 'node\0 x' })),
      'command',
    );
    assert.equal(
      optionOf(() => planPool({ ...base, command: ['node', 'a\0'] })),
      'command[1]',
    );
    assert.equal(
      optionOf(() => planPool({ ...base, environment: { A: 'x\0' } })),
      'environment.A',
    );
    assert.equal(
      optionOf(() => planPool({ ...base, directory: '/tmp\0' })),
      'directory',
    );
    assert.equal(
      optionOf(() => planPool({ ...base, stdoutLogfile: '/tmp/x\0' })),
      'stdoutLogfile',
    );
    assert.equal(
      optionOf(() => planPool({ ...base, user: 'root\0' })),
      'user',
    );
  });

  it('a getter or Proxy that throws is an OptionError, not its error', () => {
    const getter = Object.defineProperty({}, 'A', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    assert.equal(
      optionOf(() => planPool({ ...base, environment: getter })),
      'environment',
    );
    const proxy = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new TypeError('trap');
        },
      },
    );
    assert.equal(
      optionOf(() => planPool({ ...base, environment: proxy })),
      'environment',
    );
  });

  it('a "__proto__" key stays a key: rejected by name, nothing polluted', () => {
    const hostile = JSON.parse('{"name":"web","command":"x","__proto__":{"polluted":"yes"}}');
    assert.equal(
      optionOf(() => planPool(hostile)),
      '__proto__',
    );
    const env = JSON.parse('{"__proto__":{"polluted":"yes"}}');
    assert.equal(
      optionOf(() => planPool({ ...base, environment: env })),
      'environment.__proto__',
    );
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('functions and class instances are left to the validators', () => {
    checkInputShape({}, 'options', { backoff: () => 1, when: new Date() });
  });
});
