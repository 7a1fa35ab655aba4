import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';

const root = join(import.meta.dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [relative(root, path)] : [];
  });
}

test('docs/architecture.md names every file of src/, and no file that is gone', () => {
  const doc = readFileSync(join(root, 'docs', 'architecture.md'), 'utf8');
  const files = sourceFiles(join(root, 'src'));
  const missing = files.filter((file) => !doc.includes(`\`${file}\``));
  assert.deepEqual(missing, [], 'add a row to the table in docs/architecture.md');
  const named = [...doc.matchAll(/`(src\/[\w/.-]+\.ts)`/g)].map((m) => m[1]);
  const gone = named.filter((file) => file !== undefined && !files.includes(file));
  assert.deepEqual(gone, [], 'remove rows for files that no longer exist');
});

test('src/ has at most 8 top-level files, and no file over 300 lines', () => {
  const files = sourceFiles(join(root, 'src'));
  const top = files.filter((file) => !file.slice('src/'.length).includes('/'));
  assert.ok(top.length <= 8, `top level of src/ has ${top.length} files: ${top.join(', ')}`);
  const long = files
    .map((file) => ({ file, lines: readFileSync(join(root, file), 'utf8').split('\n').length - 1 }))
    .filter((f) => f.lines > 300)
    .map((f) => `${f.file} (${f.lines} lines)`);
  assert.deepEqual(long, [], 'split these files by concern');
});
