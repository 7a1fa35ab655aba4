/**
 * The TypeDoc site (npm run docs: the API of overseer and overseer/control, with the README
 * and every guide in docs/) builds without a warning: a public type that names an
 * unexported one, a broken link, a code block in a language it cannot highlight.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../helpers/doc-blocks.js';

test('typedoc builds the API and the guides with no warning', (t) => {
  const config = JSON.parse(readFileSync(`${repoRoot}typedoc.json`, 'utf8'));
  assert.equal(config.treatWarningsAsErrors, true);
  assert.deepEqual(config.projectDocuments, ['docs/*.md']);
  const typedoc = `${repoRoot}node_modules/typedoc/bin/typedoc`;
  // Rendered (into a scratch directory): some warnings, such as a code block in a language
  // it cannot highlight, only appear while rendering.
  const out = mkdtempSync(join(tmpdir(), 'overseer-docs-'));
  t.after(() => rmSync(out, { recursive: true, force: true }));
  const run = spawnSync(process.execPath, [typedoc, '--out', out], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  const output = `${run.stdout}${run.stderr}`;
  assert.equal(run.status, 0, output);
  assert.doesNotMatch(output, /\[warning\]/, output);
});
