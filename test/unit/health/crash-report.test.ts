import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../../src/clock.js';
import type { ExitEvent, ExitInfo, StateChange } from '../../../src/events.js';
import { CrashRecorder } from '../../../src/health/crash-recorder.js';
import type { CrashReport } from '../../../src/health/crash-report.js';
import { CrashWatch, isCrash } from '../../../src/health/crash-watch.js';
import type { LogLine } from '../../../src/logs/log-line.js';

const exitInfo = (over: Partial<ExitInfo> = {}): ExitInfo => ({
  code: 1,
  signal: null,
  exitStatus: 1,
  expected: false,
  uptimeMs: 4200,
  forced: false,
  cause: 'exit',
  time: 1000,
  ...over,
});
const change = (
  from: StateChange['from'],
  to: StateChange['to'],
  over: Partial<StateChange> = {},
): StateChange => ({
  name: 'web',
  group: 'web',
  from,
  to,
  pid: 0,
  tries: 0,
  time: 1000,
  ...over,
});

describe('crash reports', () => {
  it('what counts as a crash: anything not asked for, except an expected code after RUNNING', () => {
    assert.ok(isCrash(exitInfo(), 'EXITED'));
    assert.ok(!isCrash(exitInfo({ code: 0, expected: true }), 'EXITED'));
    assert.ok(isCrash(exitInfo({ code: 0, expected: true }), 'BACKOFF'), 'exited too quickly');
    assert.ok(!isCrash(exitInfo({ cause: 'stop-requested' }), 'STOPPED'));
    assert.ok(isCrash(exitInfo({ cause: 'liveness', signal: 'SIGTERM', code: null }), 'STOPPED'));
  });

  it('what happens next comes from the transitions of the same step', () => {
    const w = new CrashWatch(3);
    const retry = w.observe(
      change('STARTING', 'BACKOFF', { exit: exitInfo(), retryInMs: 2000, tries: 2 }),
    );
    assert.deepEqual(retry?.next, { action: 'retry', inMs: 2000, attempt: 3, attempts: 4 });
    const fatal = w.observe(change('STARTING', 'BACKOFF', { exit: exitInfo(), tries: 4 }));
    w.observe(change('BACKOFF', 'FATAL', { reason: 'too many start retries too quickly' }));
    assert.deepEqual(fatal?.next, {
      action: 'fatal',
      reason: 'too many start retries too quickly',
    });
    const restart = w.observe(change('RUNNING', 'EXITED', { exit: exitInfo() }));
    w.observe(change('EXITED', 'STARTING'));
    assert.deepEqual(restart?.next, { action: 'restart' });
    const none = w.observe(change('RUNNING', 'EXITED', { exit: exitInfo() }));
    assert.deepEqual(none?.next, { action: 'none' });
    assert.equal(
      w.observe(change('STOPPING', 'STOPPED', { exit: exitInfo({ cause: 'stop-requested' }) })),
      undefined,
    );
  });

  it('the recorder waits for the output to drain, keeps lastCrash, and prints it in one call', async () => {
    const clock = new ManualClock(0);
    const lines: LogLine[] = [];
    const reports: CrashReport[] = [];
    const rec = new CrashRecorder({
      clock,
      name: 'web',
      group: 'web',
      startRetries: 3,
      lines: 2,
      restartBudget: { maxRestarts: 5, withinMs: 60_000 },
      tail: (n, stream) => lines.filter((l) => l.stream === stream).slice(-n),
      stats: () => undefined,
      restarts: () => [500, 900],
      report: (r) => reports.push(r),
    });
    const exit = exitInfo();
    rec.observe(change('RUNNING', 'EXITED', { exit, pid: 42 }));
    let drain: () => void = () => {};
    const drained = new Promise<void>((resolve) => {
      drain = resolve;
    });
    const event: ExitEvent = { ...exit, name: 'web', group: 'web', pid: 42 };
    rec.exited(event, drained);
    rec.observe(change('EXITED', 'STARTING'));
    const line = (stream: LogLine['stream'], text: string): LogLine => ({
      name: 'web',
      group: 'web',
      stream,
      line: text,
      time: 0,
      continued: false,
    });
    lines.push(
      line('stdout', 'serving'),
      line('stderr', 'Error: boom'),
      line('stderr', '    at main (app.js:3)'),
      line('stderr', 'x'),
    );
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(reports.length, 0, 'waits for the last words');
    drain();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(reports.length, 1);
    const report = reports[0] as CrashReport;
    assert.equal(rec.lastCrash, report);
    assert.deepEqual(report.stderr, ['    at main (app.js:3)', 'x']);
    assert.deepEqual(report.next, { action: 'restart' });
    assert.deepEqual(report.restarts, { count: 2, maxRestarts: 5, withinSecs: 60 });
    assert.equal(
      report.toString(),
      [
        'program "web" (pid 42) exited with code 1 after 4.2 s; restarting now',
        'restarts: 2 of 5 within 60 s',
        '--- stderr (last 2 lines)',
        '    at main (app.js:3)',
        'x',
        '--- stdout (last 1 line)',
        'serving',
      ].join('\n'),
    );
  });

  it('a run whose pipes never close is reported after the drain wait', async () => {
    const clock = new ManualClock(0);
    const reports: CrashReport[] = [];
    const rec = new CrashRecorder({
      clock,
      name: 'w',
      group: 'w',
      startRetries: 0,
      lines: 50,
      restartBudget: undefined,
      tail: () => [],
      stats: () => undefined,
      restarts: () => [],
      report: (r) => reports.push(r),
    });
    const exit = exitInfo({ signal: 'SIGSEGV', code: null, cause: 'signal' });
    rec.observe(change('RUNNING', 'EXITED', { exit }));
    rec.exited({ ...exit, name: 'w', group: 'w', pid: 7 }, new Promise(() => {}));
    await new Promise((resolve) => setImmediate(resolve));
    clock.advance(500);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(reports.length, 1);
    assert.match(
      String(reports[0]),
      /^program "w" \(pid 7\) was killed by SIGSEGV after 4\.2 s; not restarted\n--- stderr: nothing captured/,
    );
    assert.equal(clock.pending, 0);
  });
});
