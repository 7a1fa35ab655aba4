import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../../src/clock.js';
import {
  DeadlineTimer,
  normalizeSchedule,
  RestartSchedule,
  type ScheduleKind,
} from '../../../src/program/schedule.js';

const ctx = { program: 'web' };
/** 2026-12-01T00:00:00Z: minutes and quarter hours fall at the same instants in every zone used. */
const T0 = Date.UTC(2026, 11, 1);
const MIN = 60_000;

function scheduled(options: Record<string, unknown>, start = T0) {
  const clock = new ManualClock(start);
  const due: { kind: ScheduleKind; at: number }[] = [];
  const config = normalizeSchedule(ctx, options);
  assert.ok(config);
  const schedule = new RestartSchedule(config, clock, (kind) =>
    due.push({ kind, at: clock.now() }),
  );
  return { clock, due, schedule };
}

describe('scheduled restarts: options', () => {
  it('are off by default; maxRuntimeSecs in seconds; the cron checked by croner', () => {
    assert.equal(normalizeSchedule(ctx, {}), undefined);
    assert.equal(normalizeSchedule(ctx, { maxRuntimeSecs: 0 }), undefined);
    assert.equal(normalizeSchedule(ctx, { maxRuntimeSecs: 1.5 })?.maxRuntimeMs, 1500);
    const nightly = normalizeSchedule(ctx, { restartSchedule: '0 3 * * *' });
    assert.equal(nightly?.restartSchedule, '0 3 * * *');
    const next = nightly?.nextFire(T0) ?? 0;
    assert.equal(new Date(next).getMinutes(), 0);
    assert.equal(new Date(next).getHours(), 3);
  });

  it('reject a bad cron, one that never fires and a negative runtime, naming the option', () => {
    assert.throws(() => normalizeSchedule(ctx, { restartSchedule: '61 * * * *' }), {
      code: 'INVALID_OPTION',
      message:
        /"restartSchedule" of program "web": got "61 \* \* \* \*"\. .*minute.*Use a cron expression/,
    });
    assert.throws(() => normalizeSchedule(ctx, { restartSchedule: '0 0 30 2 *' }), {
      message: /never fires/,
    });
    assert.throws(() => normalizeSchedule(ctx, { restartSchedule: 5 }), {
      message: /restartSchedule/,
    });
    assert.throws(() => normalizeSchedule(ctx, { maxRuntimeSecs: -1 }), {
      message: /maxRuntimeSecs/,
    });
  });
});

describe('scheduled restarts: timers', () => {
  it('maxRuntimeSecs is due that long after the spawn, armed only while RUNNING', () => {
    const { clock, due, schedule } = scheduled({ maxRuntimeSecs: 10 });
    const spawnedAt = clock.now();
    clock.advance(1000); // startSecs
    schedule.observe('RUNNING', spawnedAt);
    clock.advance(8999);
    assert.deepEqual(due, []);
    clock.advance(1);
    assert.deepEqual(due, [{ kind: 'max-runtime', at: spawnedAt + 10_000 }]);
    schedule.observe('STOPPING', spawnedAt);
    assert.equal(clock.pending, 0);
  });

  it('leaving RUNNING disarms; coming back counts from the new spawn', () => {
    const { clock, due, schedule } = scheduled({ maxRuntimeSecs: 10 });
    schedule.observe('RUNNING', clock.now());
    clock.advance(5000);
    schedule.observe('EXITED', 0);
    schedule.observe('STARTING', 0);
    const respawn = clock.now();
    schedule.observe('RUNNING', respawn);
    clock.advance(9999);
    assert.deepEqual(due, []);
    clock.advance(1);
    assert.deepEqual(due, [{ kind: 'max-runtime', at: respawn + 10_000 }]);
  });

  it('a cron schedule fires at each time it names, without polling', () => {
    const { clock, due, schedule } = scheduled({ restartSchedule: '*/15 * * * *' }, T0 + 5 * MIN);
    schedule.observe('RUNNING', clock.now());
    assert.equal(clock.pending, 1, 'one timer, not a loop');
    clock.advance(60 * MIN);
    assert.deepEqual(
      due.map((d) => (d.at - T0) / MIN),
      [15, 30, 45, 60],
    );
    assert.ok(due.every((d) => d.kind === 'scheduled'));
    assert.equal(clock.pending, 1);
  });

  it('with seconds: six fields', () => {
    const { clock, due, schedule } = scheduled({ restartSchedule: '*/20 * * * * *' });
    schedule.observe('RUNNING', clock.now());
    clock.advance(60_000);
    assert.deepEqual(
      due.map((d) => d.at - T0),
      [20_000, 40_000, 60_000],
    );
  });

  it('both at once; stopped, nothing fires', () => {
    const { clock, due, schedule } = scheduled({
      restartSchedule: '*/15 * * * *',
      maxRuntimeSecs: 600,
    });
    schedule.observe('RUNNING', clock.now());
    clock.advance(10 * MIN);
    assert.deepEqual(
      due.map((d) => d.kind),
      ['max-runtime'],
    );
    schedule.observe('STOPPED', 0);
    clock.advance(60 * MIN);
    assert.equal(due.length, 1);
    assert.equal(clock.pending, 0);
  });
});

describe('DeadlineTimer', () => {
  it('waits for a deadline 60 days away with one timer, and again if it fires early', () => {
    const clock = new ManualClock(0);
    const timer = new DeadlineTimer(clock);
    const fired: number[] = [];
    const delays: number[] = [];
    const setTimeout = clock.setTimeout.bind(clock);
    clock.setTimeout = (fn, ms) => {
      delays.push(ms);
      return setTimeout(fn, delays.length === 1 ? ms - 5 : ms); // the first fires 5 ms early
    };
    const due = 60 * 24 * 3600 * 1000;
    timer.set(due, () => fired.push(clock.now()));
    clock.advance(due);
    assert.deepEqual(fired, [due]);
    assert.deepEqual(delays, [due, 5]);
    assert.equal(timer.armed, false);
  });

  it('a deadline already past fires at once; cancel stops it', () => {
    const clock = new ManualClock(1000);
    const timer = new DeadlineTimer(clock);
    let fired = 0;
    timer.set(500, () => fired++);
    assert.equal(fired, 1);
    timer.set(5000, () => fired++);
    timer.cancel();
    clock.advance(10_000);
    assert.equal(fired, 1);
  });
});
