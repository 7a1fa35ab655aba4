import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ExitInfo } from '../../../src/events.js';
import {
  type DependencyView,
  evaluateCondition,
  normalizeDependsOn,
} from '../../../src/health/dependency-condition.js';
import { awaitCondition } from '../../../src/health/dependency-wait.js';

const ctx = { program: 'web' };
const exit = (
  code: number | null,
  expected: boolean,
  signal: NodeJS.Signals | null = null,
): ExitInfo => ({
  code,
  signal,
  exitStatus: code ?? -1,
  expected,
  uptimeMs: 10,
  forced: false,
  cause: signal ? 'signal' : 'exit',
  time: 0,
});
const view = (over: Partial<DependencyView>): DependencyView => ({
  state: 'RUNNING',
  lastExit: undefined,
  healthy: true,
  exitCodes: [0],
  ...over,
});

describe('dependsOn conditions', () => {
  it('names or { name, condition }; running is the default', () => {
    const c = normalizeDependsOn(ctx, [
      'db',
      { name: 'migrate', condition: 'completed-successfully' },
      { name: 'cache' },
    ]);
    assert.deepEqual(c.dependsOn, ['db', 'migrate', 'cache']);
    assert.deepEqual(
      { ...c.conditions },
      { db: 'running', migrate: 'completed-successfully', cache: 'running' },
    );
  });

  it('bad entries name the option and the fix', () => {
    assert.throws(() => normalizeDependsOn(ctx, 'db'), {
      message: /"dependsOn".*\{ name, condition \}/,
    });
    assert.throws(() => normalizeDependsOn(ctx, [{ name: 'm', condition: 'done' }]), {
      message:
        /"dependsOn\[0\]\.condition".*'running', 'healthy', 'completed', 'completed-successfully'/,
    });
    assert.throws(() => normalizeDependsOn(ctx, ['m', { name: 'm', condition: 'healthy' }]), {
      message: /already listed with condition "running"/,
    });
    assert.throws(() => normalizeDependsOn(ctx, ['web']), { message: /cannot depend on itself/ });
  });

  it('running: RUNNING now, or failed (as before)', () => {
    assert.equal(evaluateCondition('running', view({})).kind, 'met');
    assert.deepEqual(evaluateCondition('running', view({ state: 'FATAL' })), {
      kind: 'failed',
      why: 'it is FATAL',
    });
  });

  it('healthy: RUNNING and not failing; waits while starting or failing', () => {
    assert.equal(evaluateCondition('healthy', view({})).kind, 'met');
    assert.equal(evaluateCondition('healthy', view({ healthy: false })).kind, 'pending');
    assert.equal(evaluateCondition('healthy', view({ state: 'STARTING' })).kind, 'pending');
    assert.equal(evaluateCondition('healthy', view({ state: 'FATAL' })).kind, 'failed');
  });

  it('completed and completed-successfully: wait while it runs, then judge the exit', () => {
    assert.equal(evaluateCondition('completed', view({})).kind, 'pending');
    assert.equal(
      evaluateCondition('completed', view({ state: 'EXITED', lastExit: exit(3, false) })).kind,
      'met',
    );
    assert.equal(
      evaluateCondition(
        'completed-successfully',
        view({ state: 'EXITED', lastExit: exit(0, true) }),
      ).kind,
      'met',
    );
    assert.deepEqual(
      evaluateCondition(
        'completed-successfully',
        view({ state: 'EXITED', lastExit: exit(1, false) }),
      ),
      {
        kind: 'failed',
        why: 'it exited with code 1 (exitCodes 0)',
      },
    );
    assert.deepEqual(
      evaluateCondition('completed', view({ state: 'STOPPED', lastExit: exit(0, true) })),
      {
        kind: 'failed',
        why: 'it was stopped before it completed',
      },
    );
    assert.equal(evaluateCondition('completed', view({ state: 'BACKOFF' })).kind, 'pending');
    assert.equal(evaluateCondition('completed', view({ state: 'FATAL' })).kind, 'failed');
  });

  it('awaitCondition decides at the first change that settles it, then unsubscribes', async () => {
    let current = view({ state: 'STARTING' });
    const listeners = new Set<() => void>();
    const dep = {
      view: () => current,
      onChange: (fn: () => void) => {
        listeners.add(fn);
        return () => listeners.delete(fn);
      },
    };
    const verdict = awaitCondition(dep, 'completed-successfully');
    const change = (next: Partial<DependencyView>) => {
      current = view(next);
      for (const fn of [...listeners]) fn();
    };
    change({ state: 'RUNNING' });
    assert.equal(listeners.size, 1);
    change({ state: 'EXITED', lastExit: exit(1, false) });
    assert.deepEqual(await verdict, { kind: 'failed', why: 'it exited with code 1 (exitCodes 0)' });
    assert.equal(listeners.size, 0);
    assert.deepEqual(await awaitCondition(dep, 'completed'), { kind: 'met' });
  });
});
