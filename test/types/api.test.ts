// Type tests of the public API: checked by `npm run typecheck` (tsc), run as a smoke test.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import {
  type AlreadyStartedError,
  type DependencyConfigError,
  type DependencyCycleError,
  type ExitInfo,
  type Group,
  type LogTail,
  type NotRunningError,
  type OverseerError,
  type OverseerErrorCode,
  type ProcessInfo,
  type ProcessState,
  type Program,
  type ProgramOptions,
  type SpawnError,
  type StateChange,
  Supervisor,
  type UnknownDependencyError,
  type Unsubscribe,
} from '../../src/index.js';

type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const expectType = <T extends true>(_: T) => {};

it('public API types', () => {
  const sup = new Supervisor({ handleSignals: false, sampleIntervalMs: 0 });
  // Options are typed; unknown keys and wrong types are compile errors.
  const options: ProgramOptions = {
    name: 'web',
    command: ['node', 'x.js'],
    autorestart: 'unexpected',
    exitCodes: [0, 2],
  };
  // @ts-expect-error autorestart takes true | false | 'unexpected'
  const bad: ProgramOptions = { name: 'web', command: 'x', autorestart: 'always' };
  void bad;
  const program: Program = sup.add(options);
  expectType<Equal<typeof program.state, ProcessState>>(true);
  expectType<Equal<ReturnType<Program['stop']>, Promise<ExitInfo | undefined>>>(true);
  expectType<Equal<ReturnType<Program['info']>, ProcessInfo>>(true);
  expectType<Equal<ReturnType<Program['readLog']>, Promise<string>>>(true);
  expectType<Equal<ReturnType<Program['tailLog']>, Promise<LogTail>>>(true);
  // @ts-expect-error tailLog needs a length
  void (() => program.tailLog({ offset: 0 }));
  // Event payloads are typed per event; `on` returns an unsubscribe function.
  const off = sup.on('state', (change) => {
    expectType<Equal<typeof change, StateChange>>(true);
    expectType<Equal<typeof change.to, ProcessState>>(true);
  });
  sup.on('exit', (exit) => {
    expectType<Equal<typeof exit.forced, boolean>>(true);
    expectType<Equal<typeof exit.signal, NodeJS.Signals | null>>(true);
  });
  sup.on('log', (line) => {
    expectType<Equal<typeof line.stream, 'stdout' | 'stderr'>>(true);
  });
  // @ts-expect-error no such event
  sup.on('nope', () => {});
  expectType<Equal<typeof off, Unsubscribe>>(true);
  off();
  off[Symbol.dispose]();
  const pool: Group = sup.addPool({
    name: 'w',
    command: 'x',
    numprocs: 2,
    processName: 'w%(process_num)d',
    autostart: false,
  });
  expectType<Equal<Awaited<ReturnType<Group['scale']>>['added'], readonly string[]>>(true);
  // Errors carry stable codes.
  const codeOf = (e: OverseerError) => e.code;
  expectType<Equal<ReturnType<typeof codeOf>, OverseerErrorCode>>(true);
  // Each class has its literal code, and program-scoped ones name the program.
  expectType<Equal<AlreadyStartedError['code'], 'ALREADY_STARTED'>>(true);
  expectType<Equal<NotRunningError['code'], 'NOT_RUNNING'>>(true);
  expectType<Equal<UnknownDependencyError['code'], 'UNKNOWN_DEPENDENCY'>>(true);
  expectType<Equal<DependencyCycleError['code'], 'DEPENDENCY_CYCLE'>>(true);
  expectType<Equal<DependencyConfigError['code'], 'UNKNOWN_DEPENDENCY' | 'DEPENDENCY_CYCLE'>>(true);
  expectType<Equal<SpawnError['program'], string>>(true);
  expectType<Equal<NotRunningError['state'], string>>(true);
  const narrow = (e: OverseerError) => (e.code === 'TIMEOUT' ? e.code : undefined);
  expectType<Equal<ReturnType<typeof narrow>, 'TIMEOUT' | undefined>>(true);
  assert.equal(pool.members.length, 2);
  assert.equal(program.state, 'STOPPED');
});
