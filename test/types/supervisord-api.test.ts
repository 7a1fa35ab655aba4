// Type tests of the supervisord parts of the public API: checked by `npm run typecheck`.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  type ConfigDiff,
  type ConfigError,
  type LoadedConfig,
  parseSupervisordConfig,
  type StateChange,
  Supervisor,
  type SupervisorEvent,
} from '../../src/index.js';

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const expectType = <T extends true>(_: T) => {};

it('supervisord API types', async () => {
  const loaded: LoadedConfig = parseSupervisordConfig('[program:a]\ncommand=/bin/true\n', {
    here: '/',
  });
  const sup = new Supervisor({ ...loaded.options, handleSignals: false, sampleIntervalMs: 0 });
  expectType<Equal<ReturnType<typeof sup.reread>, ConfigDiff>>(true);
  expectType<Equal<ConfigError['code'], 'INVALID_CONFIG'>>(true);
  // events() is a union on `type`; `types` narrows it.
  const abort = new AbortController();
  abort.abort();
  for await (const e of sup.events({ signal: abort.signal })) {
    expectType<Equal<typeof e, SupervisorEvent>>(true);
    if (e.type === 'state') expectType<Equal<typeof e.to, StateChange['to']>>(true);
  }
  for await (const e of sup.events({ signal: abort.signal, types: ['exit'] })) {
    expectType<Equal<typeof e.type, 'exit'>>(true);
  }
  sup.addEventListener({
    name: 'l',
    command: '/bin/cat',
    events: ['PROCESS_STATE'],
    bufferSize: 5,
  });
  assert.throws(
    // @ts-expect-error events is required
    () => sup.addEventListener({ name: 'm', command: '/bin/cat' }),
    /"events" of program "m": got undefined/,
  );
  await sup[Symbol.asyncDispose]();
  assert.equal(loaded.config.programs.length, 1);
});
