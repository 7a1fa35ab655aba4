import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../../src/clock.js';
import { HookError, OptionError } from '../../../src/errors.js';
import type { ExitInfo } from '../../../src/events.js';
import { HookRunner, normalizeHooks } from '../../../src/program/hooks.js';
import type { Program } from '../../../src/program/program.js';

const program = { name: 'web' } as Program;
const flush = () => new Promise((resolve) => setImmediate(resolve));

function runner(hooks: Record<string, unknown>, hookTimeoutSecs?: number) {
  const clock = new ManualClock();
  const reported: HookError[] = [];
  const config = normalizeHooks({ program: 'web' }, { hooks, hookTimeoutSecs });
  const hooksRunner = new HookRunner(
    config,
    () => program,
    clock,
    (e) => reported.push(e),
  );
  return { clock, reported, hooks: hooksRunner };
}

describe('hooks: options', () => {
  it('defaults hookTimeoutSecs to 30 s and freezes the hooks', () => {
    const config = normalizeHooks({ program: 'web' }, { hooks: { beforeStop: () => {} } });
    assert.equal(config?.timeoutMs, 30_000);
    assert.ok(Object.isFrozen(config?.hooks));
    assert.equal(normalizeHooks({ program: 'web' }, {}), undefined);
  });

  it('rejects an unknown hook, a non-function and a bad timeout, naming them', () => {
    assert.throws(
      () => normalizeHooks({ program: 'web' }, { hooks: { beforeStrat: () => {} } }),
      (e: OptionError) =>
        e.option === 'hooks.beforeStrat' && /"beforeStrat" is not a hook/.test(e.message),
    );
    assert.throws(() => normalizeHooks({ program: 'web' }, { hooks: { afterExit: 'echo' } }), {
      code: 'INVALID_OPTION',
      message: /"hooks.afterExit" of program "web": got "echo". Use a function/,
    });
    assert.throws(() => normalizeHooks({ program: 'web' }, { hooks: {}, hookTimeoutSecs: -1 }), {
      message: /hookTimeoutSecs/,
    });
    assert.throws(() => normalizeHooks({ program: 'web' }, { hooks: [] }), OptionError);
  });
});

describe('hooks: running', () => {
  it('beforeStart gets the program and the reason; a throw is a HOOK_FAILED veto', async () => {
    const seen: unknown[] = [];
    const { hooks } = runner({
      beforeStart: (p: Program, reason: string) => {
        seen.push(p.name, reason);
        throw new Error('config missing');
      },
    });
    await assert.rejects(hooks.beforeStart('user'), (e: HookError) => {
      assert.ok(e instanceof HookError);
      assert.equal(e.code, 'HOOK_FAILED');
      assert.equal(e.hook, 'beforeStart');
      assert.equal(e.timedOut, false);
      assert.match(
        e.message,
        /^The beforeStart hook of program "web" threw: config missing\. The program was not started\.$/,
      );
      return true;
    });
    assert.deepEqual(seen, ['web', 'user']);
  });

  it('a hook past hookTimeoutSecs fails with timedOut, through the clock', async () => {
    const { hooks, clock } = runner({ beforeStart: () => new Promise(() => {}) }, 2);
    const outcome = hooks.beforeStart('restart');
    let settled = false;
    outcome
      .catch(() => {})
      .finally(() => {
        settled = true;
      });
    clock.advance(1999);
    await flush();
    assert.equal(settled, false);
    clock.advance(1);
    await assert.rejects(outcome, { code: 'HOOK_FAILED', timedOut: true, message: /within 2 s/ });
    assert.equal(clock.pending, 0);
  });

  it('beforeStop waits for an async hook and never rejects: a failure is reported', async () => {
    const order: string[] = [];
    const { hooks, clock, reported } = runner(
      {
        beforeStop: async (_p: Program, reason: string) => {
          order.push(`drain ${reason}`);
          await new Promise<void>((resolve) => clock.setTimeout(resolve, 500));
          order.push('drained');
        },
      },
      1,
    );
    const done = hooks.beforeStop('shutdown').then(() => order.push('stop signal'));
    await flush();
    clock.advance(500);
    await done;
    assert.deepEqual(order, ['drain shutdown', 'drained', 'stop signal']);
    assert.equal(reported.length, 0);

    const slow = runner({ beforeStop: () => new Promise(() => {}) }, 1);
    const stopping = slow.hooks.beforeStop('user');
    slow.clock.advance(1000);
    await stopping;
    assert.equal(slow.reported[0]?.hook, 'beforeStop');
    assert.equal(slow.reported[0]?.timedOut, true);
  });

  it('afterStart and afterExit run in the background; failures are reported, not thrown', async () => {
    const exit = { code: 1, cause: 'exit' } as ExitInfo;
    const seen: unknown[] = [];
    const { hooks, reported } = runner({
      afterStart: () => Promise.reject(new Error('no LB')),
      afterExit: (_p: Program, reason: string, e: ExitInfo) => seen.push(reason, e.code),
    });
    hooks.afterStart('user');
    hooks.afterExit('exit', exit);
    await flush();
    assert.deepEqual(seen, ['exit', 1]);
    assert.equal(reported.length, 1);
    assert.match(reported[0]?.message ?? '', /afterStart hook of program "web" threw: no LB\.$/);
  });

  it('with no hooks everything resolves at once and no timer is left', async () => {
    const { hooks, clock } = runner({});
    await hooks.beforeStart('user');
    await hooks.beforeStop('user');
    assert.equal(hooks.has('beforeStop'), false);
    assert.equal(clock.pending, 0);
  });
});
