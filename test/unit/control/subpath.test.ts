import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(import.meta.dirname, '..', '..', '..');

function coreFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'control' ? [] : coreFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

test('overseer/control is a subpath export the core never imports', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    exports: Record<string, Record<string, { default: string; types: string }>>;
    dependencies: Record<string, string>;
  };
  assert.deepEqual(pkg.exports['./control'], {
    import: { types: './dist/control/index.d.ts', default: './dist/control/index.js' },
    require: { types: './dist/cjs/control/index.d.ts', default: './dist/cjs/control/index.js' },
  });
  const offenders = coreFiles(join(root, 'src')).filter((file) =>
    /from '(\.\.?\/)+(control\/|.*\/control\/)/.test(readFileSync(file, 'utf8')),
  );
  assert.deepEqual(offenders, []);
  const xmlUsers = coreFiles(join(root, 'src')).filter((file) =>
    readFileSync(file, 'utf8').includes('fast-xml-parser'),
  );
  assert.deepEqual(xmlUsers, [], 'only the control surface loads the XML parser');
});
