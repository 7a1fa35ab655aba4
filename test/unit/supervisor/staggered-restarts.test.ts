import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Program } from '../../../src/program/program.js';
import { StaggeredRestarts } from '../../../src/supervisor/staggered-restarts.js';

const flush = () => new Promise((resolve) => setImmediate(resolve));

function member(name: string, group = 'w') {
  return { name, group, state: 'RUNNING' } as { name: string; group: string; state: string };
}

describe('StaggeredRestarts', () => {
  it('members of one group due together restart one at a time, in the order they fell due', async () => {
    const log: string[] = [];
    const waiting = new Map<string, () => void>();
    const staggered = new StaggeredRestarts(
      (p, cause) =>
        new Promise<void>((resolve) => {
          log.push(`restart ${p.name} ${cause}`);
          waiting.set(p.name, resolve);
        }),
      (e) => log.push(`error ${e.message}`),
      () => false,
    );
    const [a, b, c] = [member('a'), member('b'), member('c')];
    for (const p of [a, b, c]) staggered.due(p as unknown as Program, 'scheduled');
    const other = member('x', 'other');
    staggered.due(other as unknown as Program, 'max-runtime');
    await flush();
    assert.deepEqual(
      log,
      ['restart a scheduled', 'restart x max-runtime'],
      'other groups do not wait',
    );
    waiting.get('a')?.();
    await flush();
    assert.equal(log.at(-1), 'restart b scheduled');
    b.state = 'RUNNING';
    c.state = 'STOPPED';
    waiting.get('b')?.();
    await flush();
    assert.equal(log.length, 3, 'c is no longer RUNNING when its turn comes: skipped');
  });

  it('nothing restarts while the supervisor shuts down; a failure is reported', async () => {
    const log: string[] = [];
    let shutting = true;
    const staggered = new StaggeredRestarts(
      async (p) => {
        log.push(`restart ${p.name}`);
        throw new Error('boom');
      },
      (e) => log.push(`error ${e.message}`),
      () => shutting,
    );
    staggered.due(member('a') as unknown as Program, 'scheduled');
    await flush();
    assert.deepEqual(log, []);
    shutting = false;
    staggered.due(member('a') as unknown as Program, 'scheduled');
    await flush();
    assert.deepEqual(log, ['restart a', 'error boom']);
  });
});
