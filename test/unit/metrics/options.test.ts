import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OptionError } from '../../../src/errors.js';
import {
  NO_RESOURCE_LIMITS,
  needsSampling,
  normalizeResourceOptions,
  normalizeSampleInterval,
  RESOURCE_OPTION_KEYS,
} from '../../../src/metrics/options.js';
import { normalizeProgramOptions } from '../../../src/options/normalize.js';

const ctx = { program: 'web' };

function rejects(input: Record<string, unknown>, option: string, fix: RegExp) {
  assert.throws(
    () => normalizeResourceOptions(ctx, input),
    (error: unknown) => {
      assert.ok(error instanceof OptionError);
      assert.equal(error.code, 'INVALID_OPTION');
      assert.equal(error.program, 'web');
      assert.equal(error.option, option);
      assert.deepEqual(error.value, input[option]);
      assert.match(error.fix, fix);
      assert.match(error.message, new RegExp(`"${option}" of program "web"`));
      return true;
    },
  );
}

describe('resource options', () => {
  it('has no limit by default', () => {
    const config = normalizeResourceOptions(ctx, {});
    assert.equal(config, NO_RESOURCE_LIMITS);
    assert.deepEqual(config, {
      memoryLimit: undefined,
      memoryLimitSustainMs: 0,
      cpuThreshold: undefined,
      cpuThresholdSustainMs: 5000,
    });
    assert.equal(needsSampling(config), false);
    assert.ok(Object.isFrozen(config));
  });

  it('parses sizes with units, and seconds to milliseconds', () => {
    const config = normalizeResourceOptions(ctx, {
      memoryLimit: '512MB',
      memoryLimitSustainSecs: 2.5,
      cpuThreshold: 150,
      cpuThresholdSustainSecs: 0,
    });
    assert.deepEqual(config, {
      memoryLimit: 512 * 1024 * 1024,
      memoryLimitSustainMs: 2500,
      cpuThreshold: 150,
      cpuThresholdSustainMs: 0,
    });
    assert.equal(needsSampling(config), true);
    assert.ok(Object.isFrozen(config));
    assert.equal(normalizeResourceOptions(ctx, { memoryLimit: '1 gb' }).memoryLimit, 1024 ** 3);
    assert.equal(
      normalizeResourceOptions(ctx, { memoryLimit: 2 * 1024 ** 2 }).memoryLimit,
      2 * 1024 ** 2,
    );
  });

  it('rejects bad sizes, naming the option, the value and the fix', () => {
    rejects({ memoryLimit: '512 megs' }, 'memoryLimit', /string like "512MB"/);
    rejects({ memoryLimit: -1 }, 'memoryLimit', /string like "512MB"/);
    rejects({ memoryLimit: true }, 'memoryLimit', /leave memoryLimit out/);
    rejects({ memoryLimit: 512 }, 'memoryLimit', /Did you mean "512MB"\?/);
    rejects({ memoryLimit: '100KB' }, 'memoryLimit', /at least "1MB"/);
    rejects({ memoryLimit: 0 }, 'memoryLimit', /below 1 MB/);
  });

  it('rejects bad CPU thresholds and sustain times', () => {
    rejects({ cpuThreshold: 0 }, 'cpuThreshold', /percentage of one core above 0/);
    rejects({ cpuThreshold: '90%' }, 'cpuThreshold', /like 90/);
    rejects({ cpuThreshold: Number.NaN }, 'cpuThreshold', /like 90/);
    rejects({ memoryLimit: '1GB', memoryLimitSustainSecs: -1 }, 'memoryLimitSustainSecs', />= 0/);
    rejects({ cpuThreshold: 90, cpuThresholdSustainSecs: '5s' }, 'cpuThresholdSustainSecs', />= 0/);
  });

  it('rejects a sustain time without its limit', () => {
    rejects({ memoryLimitSustainSecs: 5 }, 'memoryLimitSustainSecs', /set memoryLimit too/);
    rejects({ cpuThresholdSustainSecs: 5 }, 'cpuThresholdSustainSecs', /set cpuThreshold too/);
  });

  it('lists its keys for the unknown-key check, which suggests them', () => {
    assert.deepEqual([...RESOURCE_OPTION_KEYS].sort(), [
      'cpuThreshold',
      'cpuThresholdSustainSecs',
      'memoryLimit',
      'memoryLimitSustainSecs',
    ]);
    const config = normalizeProgramOptions({ name: 'web', command: ['node'], memoryLimit: '64MB' });
    assert.equal(config.resources.memoryLimit, 64 * 1024 ** 2);
    assert.throws(
      () => normalizeProgramOptions({ name: 'web', command: ['node'], memoryLimits: '64MB' }),
      /Did you mean "memoryLimit"\?/,
    );
  });
});

describe('sampleIntervalMs', () => {
  it('defaults to 1000, accepts 0 (off) and >= 50', () => {
    assert.equal(normalizeSampleInterval({}, undefined), 1000);
    assert.equal(normalizeSampleInterval({}, 0), 0);
    assert.equal(normalizeSampleInterval({}, 50), 50);
    assert.equal(normalizeSampleInterval({}, 200.5), 200.5);
  });

  it('rejects the rest with the fix', () => {
    for (const value of [10, -1, Number.POSITIVE_INFINITY, '1000', null]) {
      assert.throws(
        () => normalizeSampleInterval({}, value),
        (error: unknown) =>
          error instanceof OptionError &&
          error.option === 'sampleIntervalMs' &&
          /Use 0 to turn sampling off/.test(error.fix),
      );
    }
  });
});
