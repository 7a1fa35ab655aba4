// Type tests of the production pools and groups API (issue 15): checked by `npm run typecheck`.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  type ExitInfo,
  type GroupEvent,
  type HookReason,
  type Program,
  type RollingRestartError,
  type RollingRestartResult,
  type RunResult,
  Supervisor,
} from '../../src/index.js';

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const expectType = <T extends true>(_: T) => {};

it('production pools and groups types', async () => {
  const sup = new Supervisor({ handleSignals: false, sampleIntervalMs: 0 });
  const pool = sup.addPool({
    name: 'web',
    command: 'node web.js',
    numprocs: 2,
    processName: 'web_%(process_num)d',
    autostart: false,
    maxRuntimeSecs: 3600,
    restartSchedule: '0 3 * * *',
    hookTimeoutSecs: 10,
    hooks: {
      beforeStop: async (program, reason) => {
        expectType<Equal<typeof program, Program>>(true);
        expectType<Equal<typeof reason, HookReason>>(true);
      },
      afterExit: (_program, _reason, exit) => {
        expectType<Equal<typeof exit, ExitInfo>>(true);
      },
    },
  });
  expectType<Equal<ReturnType<typeof pool.rollingRestart>, Promise<RollingRestartResult>>>(true);
  expectType<Equal<typeof pool.failed, boolean>>(true);
  // @ts-expect-error strategies are spelled with dashes
  void (() => sup.addGroup({ name: 'g', strategy: 'one_for_all', programs: [] }));
  sup.on('group', (event) => {
    expectType<Equal<typeof event, GroupEvent>>(true);
    expectType<Equal<typeof event.kind, 'restart' | 'failed'>>(true);
  });
  expectType<Equal<ReturnType<typeof sup.run>, Promise<RunResult>>>(true);
  // @ts-expect-error until is 'all' or 'any'
  void (() => sup.run({ until: 'first' }));
  const error = {} as RollingRestartError;
  expectType<Equal<typeof error.code, 'ROLLING_RESTART_FAILED'>>(true);
  void sup.update({ programs: [] }, { rolling: { maxUnavailable: 2, timeoutSecs: 30 } });
  await sup[Symbol.asyncDispose]();
  assert.ok(true);
});
