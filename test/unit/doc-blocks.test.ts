/**
 * Every code block of the README and the guides is checked: TypeScript blocks are
 * type-checked against src/ (as a user's project would compile them, 'overseer' included),
 * JavaScript blocks parsed by Node, shell blocks by bash, YAML parsed (Kubernetes manifests
 * validated against the schema), supervisord ini and mermaid diagrams checked for shape,
 * Dockerfile lines found in the example that CI builds.
 * A block in any other language fails the test: add a checker for it here.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Service } from 'kubernetes-models/v1';
import { parseAllDocuments } from 'yaml';
import { type CodeBlock, codeBlocks, repoRoot } from '../helpers/doc-blocks.js';
import { typecheck } from '../helpers/typecheck.js';

const GUIDES = [
  'README.md',
  'docs/getting-started.md',
  'docs/from-supervisord.md',
  'docs/from-pm2.md',
  'docs/testing.md',
  'docs/containers-and-kubernetes.md',
  'docs/lifecycle-diagram.md',
];
const blocks = GUIDES.flatMap((file) => codeBlocks(file));
const where = (b: CodeBlock) => `${b.file}:${b.line}`;
const scripts = JSON.parse(readFileSync(`${repoRoot}package.json`, 'utf8')).scripts;
const STATES = ['STOPPED', 'STARTING', 'RUNNING', 'BACKOFF', 'STOPPING', 'EXITED', 'FATAL'];

/** A block as a module of its own (top-level await needs one). */
function tsSource(block: CodeBlock): string {
  const jest = block.meta.includes('jest') ? '/// <reference types="jest" />\n' : '';
  const isModule = /^(import|export) /m.test(block.code);
  return `${jest}${block.code}${isModule ? '' : '\nexport {};\n'}`;
}

const checkers: Record<string, (b: CodeBlock) => void> = {
  ts: () => {}, // all at once, below
  js: (b) => {
    const cjs = /\bmodule\.exports\b|\brequire\(/.test(b.code);
    const run = spawnSync(
      process.execPath,
      ['--check', '--input-type', cjs ? 'commonjs' : 'module'],
      {
        input: b.code,
        encoding: 'utf8',
      },
    );
    assert.equal(run.status, 0, `${where(b)}: ${run.stderr}`);
  },
  sh: (b) => {
    const run = spawnSync('bash', ['-n'], { input: b.code, encoding: 'utf8' });
    assert.equal(run.status, 0, `${where(b)}: ${run.stderr}`);
    for (const [, name] of b.code.matchAll(/npm run ([\w:-]+)/g)) {
      assert.ok(name && name in scripts, `${where(b)}: no npm script "${name}"`);
    }
  },
  yaml: (b) => {
    for (const doc of parseAllDocuments(b.code)) {
      assert.deepEqual(doc.errors, [], where(b));
      const value = doc.toJS() as { kind?: string };
      if (value?.kind === 'Deployment') new Deployment(value as never).validate();
      if (value?.kind === 'Service') new Service(value as never).validate();
    }
  },
  ini: (b) => {
    for (const line of b.code.split('\n')) {
      const ok = line.trim() === '' || /^[;#]/.test(line) || /^\[[\w:.-]+\]$/.test(line);
      assert.ok(ok || /^[a-z_]+\s*=/.test(line), `${where(b)}: not ini: ${line}`);
    }
  },
  mermaid: (b) => {
    assert.match(b.code, /^stateDiagram-v2\n/, where(b));
    for (const [, from, to] of b.code.matchAll(/^\s*(\S+) --> (\S+?)(?::|$)/gm)) {
      for (const state of [from, to]) {
        assert.ok(state === '[*]' || STATES.includes(state ?? ''), `${where(b)}: ${state}`);
      }
    }
  },
  dockerfile: (b) => {
    // The guide shows examples/docker/Dockerfile, which CI builds where docker runs.
    const real = readFileSync(`${repoRoot}examples/docker/Dockerfile`, 'utf8').split('\n');
    for (const line of b.code.split('\n').filter((l) => l.trim() && !l.startsWith('#'))) {
      assert.ok(real.includes(line), `${where(b)}: not in examples/docker/Dockerfile: ${line}`);
    }
  },
  text: () => {}, // output shown to the reader: nothing to run
};

describe('code blocks of the README and the guides', () => {
  it('are all in a checked language', () => {
    assert.ok(blocks.length > 20, `only ${blocks.length} blocks found`);
    for (const b of blocks) {
      assert.ok(b.lang in checkers, `${where(b)}: a \`\`\`${b.lang || '(no language)'} block`);
    }
  });

  it('TypeScript blocks type-check against the source, strict', () => {
    const ts = blocks.filter((b) => b.lang === 'ts');
    const files = ts.map((b) => ({
      path: `.doc-blocks/${b.file.replace(/[/.]/g, '_')}_${b.line}.ts`,
      text: tsSource(b),
    }));
    assert.deepEqual(typecheck(files), []);
  });

  for (const lang of Object.keys(checkers).filter((l) => l !== 'ts')) {
    it(`${lang} blocks pass their check`, () => {
      for (const b of blocks.filter((x) => x.lang === lang)) checkers[lang]?.(b);
    });
  }
});
