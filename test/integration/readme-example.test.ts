import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { codeBlocks, freePort, repoRoot } from '../helpers/doc-blocks.js';
import { fixture, isAlive, tempDir } from '../helpers/processes.js';

/** Runs `file` with tsx the way a user's project would, 'overseer' resolving to this repo. */
function runExample(file: string, cwd: string): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) =>
    execFile(
      process.execPath,
      ['--import', import.meta.resolve('tsx'), file],
      { cwd, env: { ...process.env, TSX_TSCONFIG_PATH: join(repoRoot, 'tsconfig.json') } },
      (error, stdout, stderr) =>
        error ? reject(Object.assign(error, { stdout, stderr })) : resolve({ stdout, stderr }),
    ),
  );
}

describe('README', () => {
  it('"In one example" runs as written (a free port instead of 3000)', async () => {
    const [block] = codeBlocks('README.md').filter((b) => b.heading === 'In one example');
    assert.ok(block && block.lang === 'ts', 'the README has its example');
    await using dir = await tempDir();
    const port = await freePort();
    writeFileSync(join(dir.path, 'package.json'), '{ "type": "module" }\n');
    copyFileSync(fixture('server-with-port-flag.js'), join(dir.path, 'server.js'));
    writeFileSync(join(dir.path, 'example.ts'), block.code.replaceAll('3000', String(port)));

    const { stdout } = await runExample(join(dir.path, 'example.ts'), dir.path);
    const lines = stdout.trim().split('\n');
    assert.deepEqual(lines.slice(0, 3), [
      'web: STOPPED -> STARTING',
      'web: STARTING -> RUNNING',
      `port ${port}`,
    ]);
    const pid = Number(/^pid (\d+), uptime 0:00:0\d$/.exec(lines[3] ?? '')?.[1]);
    assert.ok(pid > 0, `a description line: ${lines[3]}`);
    assert.deepEqual(lines.slice(4), [
      'web: RUNNING -> STOPPING',
      'web: STOPPING -> STOPPED',
      'web: STOPPED -> STARTING',
      'web: STARTING -> RUNNING',
      'web: RUNNING -> STOPPING',
      'web: STOPPING -> STOPPED',
    ]);
    assert.equal(isAlive(pid), false, 'the server is gone after the scope ended');
    assert.ok(existsSync(join(dir.path, 'logs', 'web-stdout.log')), 'logs went to ./logs');
  });
});
