import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { nativeAddon } from '../../src/process/native.js';
import { startHost } from '../helpers/host-run.js';

const isRoot = process.getuid?.() === 0;

/** The outer pid of the namespace's PID 1 (the child of `unshare --fork`). */
function innerInit(unsharePid: number): number {
  for (let i = 0; i < 200; i++) {
    try {
      const tasks = readFileSync(`/proc/${unsharePid}/task/${unsharePid}/children`, 'utf8').trim();
      if (tasks) return Number(tasks.split(' ')[0]);
    } catch {
      // not forked yet
    }
  }
  throw new Error('no PID 1 in the namespace');
}

async function runAsPid1(env: NodeJS.ProcessEnv) {
  const wrap = ['unshare', '--pid', '--fork', '--mount-proc'];
  const host = await startHost('host-pid1.ts', [], env, wrap);
  const [, pid, json] = /^ready (\d+) (.*)$/.exec(host.line) ?? [];
  const exited = new Promise<number | null>((resolve) =>
    host.child.once('exit', (code) => resolve(code)),
  );
  process.kill(innerInit(host.child.pid ?? 0), 'SIGTERM');
  const code = await exited;
  return { pid: Number(pid), orphans: JSON.parse(json ?? '{}'), code, out: host.output() };
}

describe('the host as PID 1 of a container (issue 11, point 1)', {
  skip: !isRoot && 'needs root (unshare --pid)',
}, () => {
  it('SIGTERM: the children stop gracefully, then the host exits 128 + 15 (not left hanging)', async () => {
    const run = await runAsPid1({ ...process.env, OVERSEER_NO_NATIVE: '1' });
    assert.equal(run.pid, 1);
    assert.match(run.out, /log stopped gracefully/);
    assert.equal(run.code, 143);
  });

  it('without the native addon: a zombie re-parented to PID 1 is counted and named in one warning', async () => {
    const run = await runAsPid1({ ...process.env, OVERSEER_NO_NATIVE: '1' });
    assert.equal(run.orphans.zombies, 1);
    assert.equal(run.orphans.reaped, 0);
    const warnings = run.out.match(/^warning .*zombie.*$/gm) ?? [];
    assert.equal(warnings.length, 1, run.out);
    assert.match(
      warnings[0] ?? '',
      /cannot be reaped: run the host under an init \(`docker run --init`, tini/,
    );
  });

  it('with the native addon: the zombie is reaped, no warning', async (t) => {
    if (!nativeAddon()) return t.skip('the native addon is not built here (npm install builds it)');
    const run = await runAsPid1(process.env);
    assert.deepEqual(run.orphans, { subreaper: true, zombies: 0, reaped: 1, unclaimed: 0 });
    assert.doesNotMatch(run.out, /^warning .*zombie/m);
    assert.equal(run.code, 143);
  });
});
