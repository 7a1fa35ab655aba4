import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../../src/clock.js';
import type { ExitCause, ExitInfo, StateChange } from '../../../src/events.js';
import { HookRunner, normalizeHooks } from '../../../src/program/hooks.js';
import {
  causeFor,
  type LifecycleRunner,
  ProgramLifecycle,
} from '../../../src/program/lifecycle.js';
import type { Program } from '../../../src/program/program.js';
import type { ProcessState } from '../../../src/states.js';

const flush = () => new Promise((resolve) => setImmediate(resolve));

function setup(hooks: Record<string, unknown>) {
  const clock = new ManualClock();
  const log: string[] = [];
  const runner: LifecycleRunner & { state: ProcessState } = {
    state: 'STOPPED',
    start: async () => {
      log.push('runner.start');
      runner.state = 'RUNNING';
    },
    stop: async (cause: ExitCause) => {
      log.push(`runner.stop ${cause}`);
      runner.state = 'STOPPED';
      return undefined;
    },
    signalAhead: () => {
      log.push('runner.signalAhead');
      return true;
    },
  };
  const config = normalizeHooks({ program: 'web' }, { hooks });
  const hookRunner = new HookRunner(
    config,
    () => ({ name: 'web' }) as Program,
    clock,
    (e) => log.push(`error ${e.hook}`),
  );
  return { clock, log, runner, lifecycle: new ProgramLifecycle(runner, hookRunner) };
}

describe('ProgramLifecycle', () => {
  it('beforeStart runs first; a veto means the runner is never asked', async () => {
    const ok = setup({ beforeStart: (_p: Program, r: string) => ok.log.push(`beforeStart ${r}`) });
    await ok.lifecycle.start('user');
    assert.deepEqual(ok.log, ['beforeStart user', 'runner.start']);
    const veto = setup({
      beforeStart: () => {
        throw new Error('no');
      },
    });
    await assert.rejects(veto.lifecycle.start('user'), { code: 'HOOK_FAILED' });
    assert.deepEqual(veto.log, []);
    assert.equal(veto.runner.state, 'STOPPED');
  });

  it('beforeStop delays the runner stop; two stops share one drain', async () => {
    const s = setup({
      beforeStop: async (_p: Program, r: string) => {
        s.log.push(`drain ${r}`);
        await new Promise<void>((resolve) => s.clock.setTimeout(resolve, 500));
      },
    });
    s.runner.state = 'RUNNING';
    const first = s.lifecycle.stop('restart');
    const second = s.lifecycle.stop('user');
    await flush();
    assert.deepEqual(s.log, ['drain restart']);
    s.clock.advance(499);
    await flush();
    assert.deepEqual(s.log, ['drain restart']);
    s.clock.advance(1);
    await Promise.all([first, second]);
    assert.deepEqual(s.log, [
      'drain restart',
      'runner.stop stop-requested',
      'runner.stop stop-requested',
    ]);
  });

  it('no drain for a program with no process to signal', async () => {
    const s = setup({ beforeStop: () => s.log.push('drain') });
    s.runner.state = 'BACKOFF';
    await s.lifecycle.stop('user');
    assert.deepEqual(s.log, ['runner.stop stop-requested']);
  });

  it('afterStart and afterExit carry the reason of the start and stop, else restart / exit', async () => {
    const s = setup({
      afterStart: (_p: Program, r: string) => s.log.push(`afterStart ${r}`),
      afterExit: (_p: Program, r: string, e: ExitInfo) => s.log.push(`afterExit ${r} ${e.code}`),
    });
    const running = { to: 'RUNNING' } as StateChange;
    await s.lifecycle.start('user');
    s.lifecycle.observe(running);
    s.lifecycle.exited({ code: 1 } as ExitInfo);
    s.lifecycle.observe(running);
    await s.lifecycle.stop('shutdown');
    s.lifecycle.exited({ code: 0 } as ExitInfo);
    await flush();
    assert.deepEqual(s.log, [
      'runner.start',
      'afterStart user',
      'afterExit exit 1',
      'afterStart restart',
      'runner.stop stop-requested',
      'afterExit shutdown 0',
    ]);
  });

  it('stop causes follow the reason', () => {
    assert.equal(causeFor('resource-limit'), 'resource-limit');
    assert.equal(causeFor('user'), 'stop-requested');
    assert.equal(causeFor('restart'), 'stop-requested');
  });
});
