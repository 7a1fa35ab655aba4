import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { OVERSEER_ERROR_CODES } from '../../src/errors.js';
import * as api from '../../src/index.js';

const doc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'errors.md'), 'utf8');
const rows = [...doc.matchAll(/^\| `([A-Z_]+)` \| `(\w+)` \|/gm)].map((m) => ({
  code: m[1] as string,
  className: m[2] as string,
}));

test('docs/errors.md lists exactly the exported error codes, once each', () => {
  assert.deepEqual(
    rows.map((r) => r.code).sort(),
    [...OVERSEER_ERROR_CODES].sort(),
    'docs/errors.md and OVERSEER_ERROR_CODES in src/errors.ts must name the same codes',
  );
});

test('every class docs/errors.md names is exported and is an OverseerError', () => {
  const exported = api as unknown as Record<string, unknown>;
  for (const { className } of rows) {
    const cls = exported[className];
    assert.equal(typeof cls, 'function', `${className} is not exported from src/index.ts`);
    assert.ok(
      (cls as { prototype: unknown }).prototype instanceof api.OverseerError,
      `${className} does not extend OverseerError`,
    );
  }
});

test('program-scoped errors carry the program, and the state where it applies', () => {
  const notRunning = new api.NotRunningError('web', 'STOPPED', 'stop');
  assert.equal(notRunning.program, 'web');
  assert.equal(notRunning.state, 'STOPPED');
  const started = new api.AlreadyStartedError('web', 'RUNNING');
  assert.deepEqual(
    [started.program, started.state, started.code],
    ['web', 'RUNNING', 'ALREADY_STARTED'],
  );
  const spawn = new api.SpawnError('web', 'ENOENT');
  assert.deepEqual([spawn.program, spawn.state, spawn.spawnError], ['web', 'FATAL', 'ENOENT']);
  assert.equal(new api.AbnormalTerminationError('web', 'FATAL', 'x').state, 'FATAL');
  assert.equal(new api.SignalError('web', 'SIGTERM', 'EPERM').program, 'web');
  assert.equal(new api.NoLogFileError('web', 'stdout', 'none').program, 'web');
  const unknown = new api.UnknownDependencyError('web', 'db');
  assert.deepEqual(
    [unknown.program, unknown.dependency, unknown.code],
    ['web', 'db', 'UNKNOWN_DEPENDENCY'],
  );
  assert.ok(unknown instanceof api.DependencyConfigError);
  assert.equal(unknown.name, 'UnknownDependencyError');
  const cycle = new api.DependencyCycleError(['a:a', 'b:b', 'a:a']);
  assert.ok(cycle instanceof api.DependencyConfigError);
  assert.equal(cycle.code, 'DEPENDENCY_CYCLE');
});
