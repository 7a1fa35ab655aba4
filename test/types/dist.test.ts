// What users get: builds dist/ into a scratch package outside this repository (so no
// devDependency can be found by accident), then compiles a strict NodeNext consumer against
// it WITHOUT skipLibCheck. The consumer also asserts that internals are not in the types.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
let dir = '';

const consumer = `
import { once } from 'node:events';
import {
  type ErrorEvent,
  type Program,
  type ResourceEvent,
  Supervisor,
  type SupervisorErrorEvent,
  type Unsubscribe,
} from 'overseer';

await using sup = new Supervisor({ handleSignals: false });
const program: Program = sup.add({ name: 'web', command: 'node server.js', autostart: false });
const off: Unsubscribe = program.on('state', (change) => console.log(change.to));
off();
sup.on('error', (event: ErrorEvent | SupervisorErrorEvent) => {
  if (event.name !== undefined) console.log(event.group, event.error.message);
});
sup.on('resource', (event: ResourceEvent) => {
  if (event.kind === 'restart') console.log(event.memory, event.limit);
  else console.log(event.cpu, event.threshold);
});
void once;

// Internals are not part of what users see.
// @ts-expect-error internal
void program.shutdown;
// @ts-expect-error internal
void program.killNow;
// @ts-expect-error internal
void program.observeStats;
// @ts-expect-error internal
void program.dispose;
// @ts-expect-error internal
void program.stopIfRunning;
// @ts-expect-error internal
void program.emitter;
// @ts-expect-error internal
void sup.emitter;
// @ts-expect-error internal: the process driver is for the library's own tests
new Supervisor({ driver: undefined });
`;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'overseer-dist-'));
  const pkg = join(dir, 'node_modules', 'overseer');
  await run(process.execPath, [
    tsc,
    '-p',
    join(root, 'tsconfig.build.json'),
    '--outDir',
    join(pkg, 'dist'),
  ]);
  await cp(join(root, 'package.json'), join(pkg, 'package.json'));
  await mkdir(join(dir, 'node_modules', '@types'), { recursive: true });
  await symlink(
    join(root, 'node_modules', '@types', 'node'),
    join(dir, 'node_modules', '@types', 'node'),
  );
  await symlink(
    join(root, 'node_modules', 'undici-types'),
    join(dir, 'node_modules', 'undici-types'),
  );
  await writeFile(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  await writeFile(join(dir, 'consumer.ts'), consumer);
  const compilerOptions = {
    target: 'ES2022',
    lib: ['ES2023', 'ESNext.Disposable'],
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    noUncheckedIndexedAccess: true,
    exactOptionalPropertyTypes: true,
    skipLibCheck: false,
    noEmit: true,
    types: ['node'],
  };
  await writeFile(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions, files: ['consumer.ts'] }),
  );
});

after(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('a strict NodeNext consumer compiles against dist/ without skipLibCheck, and sees no internals', async () => {
  const result = await run(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')]).catch(
    (error: { stdout: string; stderr: string }) => error,
  );
  assert.equal(`${result.stdout}${result.stderr}`.trim(), '', 'tsc reported errors');
});
