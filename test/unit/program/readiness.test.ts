import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../../src/clock.js';
import type { LogStream } from '../../../src/logs/log-line.js';
import {
  normalizeReadiness,
  probeReadiness,
  startReadinessProbe,
} from '../../../src/program/readiness.js';
import { FakeDriver, fakeSupervisor, settle } from '../../helpers/fake-driver.js';

const ctx = { program: 'web' };

describe('readiness options', () => {
  it('normalizes each kind with its defaults', () => {
    const line = normalizeReadiness(ctx, { line: 'listening on' });
    assert.equal(line?.kind, 'line');
    assert.equal(line?.timeoutSecs, 60);
    assert.equal(line?.intervalMs, 100);
    assert.ok(line?.kind === 'line' && line.pattern.test('now listening on 80'));
    assert.ok(line?.kind === 'line' && !line.pattern.test('listening  on'), 'a string is literal');
    const port = normalizeReadiness(ctx, { port: 8080, timeoutSecs: 5, intervalSecs: 0.5 });
    assert.deepEqual(port && { ...port }, {
      kind: 'port',
      port: 8080,
      host: '127.0.0.1',
      timeoutSecs: 5,
      intervalMs: 500,
      probeTimeoutMs: 1000,
    });
    const check = () => true;
    assert.equal(normalizeReadiness(ctx, { check })?.kind, 'check');
    assert.equal(normalizeReadiness(ctx, undefined), undefined);
    assert.equal(normalizeReadiness(ctx, { port: 1, intervalSecs: 0 })?.intervalMs, 10);
  });

  it('rejects what it cannot use, naming the option and the fix', () => {
    assert.throws(() => normalizeReadiness(ctx, { port: 70000 }), {
      code: 'INVALID_OPTION',
      option: 'readiness.port',
      message: /Invalid option "readiness.port" of program "web": got 70000\. Use a TCP port/,
    });
    assert.throws(() => normalizeReadiness(ctx, { line: /x/, stream: 'both' }), {
      option: 'readiness.stream',
    });
    assert.throws(() => normalizeReadiness(ctx, { line: '' }), { option: 'readiness' });
    assert.throws(() => normalizeReadiness(ctx, 'port 80'), { option: 'readiness' });
    assert.throws(() => normalizeReadiness(ctx, { check: () => true, timeoutSecs: -1 }), {
      option: 'readiness.timeoutSecs',
    });
  });
});

describe('readiness probes on a ManualClock', () => {
  it('a check is retried every intervalMs until it passes', async () => {
    const clock = new ManualClock();
    let calls = 0;
    const config = normalizeReadiness(ctx, { check: () => ++calls >= 3, intervalSecs: 0.2 });
    assert.ok(config);
    const signal = new AbortController().signal;
    const waitForLine = () => Promise.reject(new Error('unused'));
    let passed = false;
    const probe = probeReadiness(config, { pid: 1, clock, signal, waitForLine }).then(() => {
      passed = true;
    });
    await settle();
    assert.equal(calls, 1);
    clock.advance(199);
    await settle();
    assert.equal(calls, 1, 'not before intervalMs');
    clock.advance(1);
    await settle();
    assert.equal(calls, 2);
    clock.advance(200);
    await probe;
    assert.equal(passed, true);
    assert.equal(calls, 3);
    assert.equal(clock.pending, 0);
  });

  it('an aborted probe never calls onReady and leaves no timer', async () => {
    const clock = new ManualClock();
    const config = normalizeReadiness(ctx, { check: () => false });
    assert.ok(config);
    let ready = false;
    const waitForLine = () => Promise.reject(new Error('unused'));
    const probe = startReadinessProbe(config, { pid: 1, clock, waitForLine }, () => {
      ready = true;
    });
    await settle();
    probe.abort();
    await settle();
    clock.advance(10_000);
    await settle();
    assert.equal(ready, false);
    assert.equal(clock.pending, 0);
  });

  it('a line probe passes when its host reports the line', async () => {
    const clock = new ManualClock();
    const config = normalizeReadiness(ctx, { line: /ready/, stream: 'stderr' });
    assert.ok(config);
    const asked: unknown[] = [];
    const waitForLine = (pattern: RegExp, stream: LogStream | undefined) => {
      asked.push(String(pattern), stream);
      const line = {
        name: 'web',
        group: 'web',
        stream: 'stderr' as const,
        line: 'ready',
        time: 0,
        continued: false,
      };
      return Promise.resolve({ line, match: /ready/.exec('ready') as RegExpExecArray });
    };
    let ready = false;
    startReadinessProbe(config, { pid: 1, clock, waitForLine }, () => {
      ready = true;
    });
    await settle();
    assert.equal(ready, true);
    assert.deepEqual(asked, ['/ready/', 'stderr']);
  });
});

describe('readiness through a Program (fake driver)', () => {
  function setup(readiness: object) {
    const driver = new FakeDriver();
    const { clock, sup, changes } = fakeSupervisor(driver, 0);
    const program = sup.add({
      name: 'web',
      command: 'x',
      startRetries: 0,
      stopWaitSecs: 1,
      readiness: readiness as never,
    });
    return { clock, driver, program, changes };
  }

  it('STARTING lasts until the check passes, not startSecs', async () => {
    let ok = false;
    const { clock, program } = setup({ check: () => ok, intervalSecs: 0.1 });
    const started = program.start();
    await settle();
    clock.advance(5000);
    await settle();
    assert.equal(program.state, 'STARTING', 'startSecs does not apply with readiness');
    ok = true;
    clock.advance(100);
    await started;
    assert.equal(program.state, 'RUNNING');
  });

  it('not ready within timeoutSecs: stopped with cause start-timeout, then FATAL', async () => {
    const { clock, driver, program, changes } = setup({ check: () => false, timeoutSecs: 2 });
    const started = program.start();
    await settle();
    clock.advance(1999);
    await settle();
    assert.equal(program.state, 'STARTING');
    clock.advance(1);
    await assert.rejects(started, {
      code: 'ABNORMAL_TERMINATION',
      message: /not ready within the readiness timeout/,
    });
    assert.equal(program.lastExit?.cause, 'start-timeout');
    assert.deepEqual(changes, ['STOPPED>STARTING', 'STARTING>BACKOFF', 'BACKOFF>FATAL']);
    assert.deepEqual(
      driver.log.filter((e) => e.type === 'signal').map((e) => e.signal),
      ['SIGTERM', 'SIGCONT'],
    );
    assert.equal(clock.pending, 0, 'no probe or kill timer left');
  });
});
