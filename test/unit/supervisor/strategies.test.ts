import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../../src/clock.js';
import type { GroupEvent, StateChange } from '../../../src/events.js';
import type { Program } from '../../../src/program/program.js';
import type { ProcessState } from '../../../src/states.js';
import { GroupSupervision } from '../../../src/supervisor/group-supervision.js';
import {
  Intensity,
  normalizeGroupPolicy,
  strategyPlan,
  wantsRestart,
} from '../../../src/supervisor/strategies.js';

describe('strategies: plans', () => {
  const order = ['a', 'b', 'c', 'd'];
  const all = () => true;
  it('one-for-one restarts only the failed member', () => {
    assert.deepEqual(strategyPlan('one-for-one', order, 'b', all), { stop: [], start: ['b'] });
  });
  it('one-for-all stops the others in reverse start order, then starts all in order', () => {
    assert.deepEqual(strategyPlan('one-for-all', order, 'b', all), {
      stop: ['d', 'c', 'a'],
      start: ['a', 'b', 'c', 'd'],
    });
  });
  it('rest-for-one stops the members after it (reverse), then starts it and them in order', () => {
    assert.deepEqual(strategyPlan('rest-for-one', order, 'b', all), {
      stop: ['d', 'c'],
      start: ['b', 'c', 'd'],
    });
    assert.deepEqual(strategyPlan('rest-for-one', order, 'd', all), { stop: [], start: ['d'] });
  });
  it('members not running are left alone', () => {
    assert.deepEqual(
      strategyPlan('one-for-all', order, 'a', (m) => m !== 'c'),
      { stop: ['d', 'b'], start: ['a', 'b', 'd'] },
    );
  });
  it('autorestart true / unexpected / false are permanent / transient / temporary', () => {
    assert.equal(wantsRestart(true, true), true);
    assert.equal(wantsRestart('unexpected', false), true);
    assert.equal(wantsRestart('unexpected', true), false);
    assert.equal(wantsRestart(false, false), false);
  });
});

describe('strategies: options and intensity', () => {
  it('no strategy and no intensity: none; defaults 3 restarts within 5 s', () => {
    assert.equal(normalizeGroupPolicy('g', {}), undefined);
    assert.deepEqual(normalizeGroupPolicy('g', { strategy: 'one-for-all' }), {
      strategy: 'one-for-all',
      maxRestarts: 3,
      withinMs: 5000,
    });
  });
  it('rejects unknown strategies and bad intensity, naming the option', () => {
    assert.throws(() => normalizeGroupPolicy('g', { strategy: 'one_for_all' as never }), {
      code: 'INVALID_OPTION',
      message:
        /"strategy" of program "g": got "one_for_all"\. Use one of "one-for-one", "one-for-all", "rest-for-one"\./,
    });
    assert.throws(() => normalizeGroupPolicy('g', { intensity: { maxRestarts: -1 } }), {
      message: /intensity\.maxRestarts/,
    });
    assert.throws(() => normalizeGroupPolicy('g', { intensity: { withinSecs: 0 } }), {
      message: /intensity\.withinSecs/,
    });
  });
  it('intensity allows maxRestarts within the window, and forgets old ones', () => {
    const intensity = new Intensity({ maxRestarts: 2, withinMs: 1000 });
    assert.equal(intensity.record(0), true);
    assert.equal(intensity.record(100), true);
    assert.equal(intensity.record(200), false, 'the third within 1 s');
    intensity.reset();
    assert.equal(intensity.record(300), true);
    assert.equal(intensity.record(1200), true);
    assert.equal(intensity.record(1350), true, '300 left the window');
    assert.equal(intensity.count, 2);
  });
});

interface FakeMember {
  name: string;
  state: ProcessState;
  config: { autorestart: boolean | 'unexpected' };
}

function groupOf(
  names: string[],
  strategy: 'one-for-all' | 'rest-for-one' | 'one-for-one',
  maxRestarts = 3,
) {
  const clock = new ManualClock();
  const log: string[] = [];
  const events: GroupEvent[] = [];
  const members: FakeMember[] = names.map((name) => ({
    name,
    state: 'RUNNING',
    config: { autorestart: 'unexpected' },
  }));
  const policy = normalizeGroupPolicy('g', {
    strategy,
    intensity: { maxRestarts, withinSecs: 10 },
  });
  assert.ok(policy);
  const supervision = new GroupSupervision('g', policy, {
    clock,
    ordered: () => members as unknown as Program[],
    shuttingDown: () => false,
    stop: async (p) => {
      log.push(`stop ${p.name}`);
      (p as unknown as FakeMember).state = 'STOPPED';
    },
    start: async (p) => {
      log.push(`start ${p.name}`);
      (p as unknown as FakeMember).state = 'RUNNING';
    },
    emit: (e) => events.push(e),
    error: (e) => log.push(`error ${e.message}`),
  });
  const crash = async (name: string, expected = false) => {
    const m = members.find((x) => x.name === name) as FakeMember;
    m.state = 'EXITED';
    const change = { name, from: 'RUNNING', to: 'EXITED', expected } as StateChange;
    supervision.observe(m as unknown as Program, change);
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { clock, log, events, members, supervision, crash };
}

describe('GroupSupervision', () => {
  it('one-for-all: the others stop in reverse order, then all start in order', async () => {
    const g = groupOf(['a', 'b', 'c'], 'one-for-all');
    await g.crash('b');
    assert.deepEqual(g.log, ['stop c', 'stop a', 'start a', 'start b', 'start c']);
    assert.equal(g.events[0]?.kind, 'restart');
    assert.deepEqual(g.events[0]?.members, ['a', 'b', 'c']);
    assert.equal(g.events[0]?.trigger, 'b');
  });

  it('rest-for-one: only the members after it, in order', async () => {
    const g = groupOf(['a', 'b', 'c', 'd'], 'rest-for-one');
    await g.crash('b');
    assert.deepEqual(g.log, ['stop d', 'stop c', 'start b', 'start c', 'start d']);
  });

  it('an expected exit of a transient member, or any exit of a temporary one, restarts nothing', async () => {
    const g = groupOf(['a', 'b'], 'one-for-all');
    await g.crash('a', true);
    (g.members[1] as FakeMember).config.autorestart = false;
    await g.crash('b');
    assert.deepEqual(g.log, []);
    assert.deepEqual(g.events, []);
  });

  it('more restarts than the intensity allows: every member stops, the group is failed', async () => {
    const g = groupOf(['a', 'b', 'c'], 'one-for-one', 2);
    await g.crash('a');
    g.clock.advance(1000);
    await g.crash('a');
    g.clock.advance(1000);
    g.log.length = 0;
    await g.crash('a');
    assert.deepEqual(g.log, ['stop c', 'stop b']);
    assert.equal(g.supervision.failed, true);
    const failed = g.events.at(-1);
    assert.equal(failed?.kind, 'failed');
    assert.equal(failed?.restarts, 3);
    assert.match(failed?.reason ?? '', /more than 2 restarts within 10 s/);
    g.log.length = 0;
    await g.crash('b');
    assert.deepEqual(g.log, [], 'a failed group restarts nothing');
    g.supervision.reset();
    assert.equal(g.supervision.failed, false);
  });

  it('crashes spaced wider than the window never escalate', async () => {
    const g = groupOf(['a'], 'one-for-one', 1);
    for (let i = 0; i < 5; i++) {
      await g.crash('a');
      g.clock.advance(10_000);
    }
    assert.equal(g.supervision.failed, false);
    assert.equal(g.log.filter((l) => l === 'start a').length, 5);
  });
});
