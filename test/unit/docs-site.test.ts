/**
 * The TypeDoc site (npm run docs: the API of overseer and overseer/control, with the README
 * and every guide in docs/) builds without a warning: a public type that names an
 * unexported one, a broken link, a code block in a language it cannot highlight.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { repoRoot } from '../helpers/doc-blocks.js';

test('typedoc builds the API and the guides with no warning', () => {
  const config = JSON.parse(readFileSync(`${repoRoot}typedoc.json`, 'utf8'));
  assert.equal(config.treatWarningsAsErrors, true);
  assert.deepEqual(config.projectDocuments, ['docs/*.md']);
  const typedoc = `${repoRoot}node_modules/typedoc/bin/typedoc`;
  const run = spawnSync(process.execPath, [typedoc, '--emit', 'none'], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  const output = `${run.stdout}${run.stderr}`;
  assert.equal(run.status, 0, output);
  assert.doesNotMatch(output, /\[warning\]/, output);
});
