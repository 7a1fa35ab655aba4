// The conformance judge: it decides PASS/FAIL, so it is tested on its own.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { judge, orderOf, sequenceOf, sideBySide } from '../../conformance/compare.js';
import type { ScriptResult } from '../../conformance/driver.js';
import { formatTransition, type Scenario, type Transition } from '../../conformance/types.js';

const t = (
  name: string,
  from: string,
  to: string,
  extra: Partial<Transition> = {},
): Transition => ({
  name,
  from,
  to,
  ...extra,
});
const result = (transitions: Transition[], error?: string): ScriptResult => ({
  transitions,
  ms: 1,
  ...(error === undefined ? {} : { error }),
});
const scenario = (over: Partial<Scenario> = {}): Scenario => ({
  id: 's',
  description: 'd',
  programs: [{ name: 'a', command: 'x' }],
  actions: [],
  timeoutMs: 1000,
  expect: { a: ['STOPPED->STARTING tries=0', 'STARTING->RUNNING'] },
  ...over,
});
const run = [t('a', 'STOPPED', 'STARTING', { tries: 0 }), t('a', 'STARTING', 'RUNNING')];

describe('conformance judge', () => {
  it('formats tries on STARTING/BACKOFF and expected/unexpected on EXITED only when known', () => {
    assert.equal(
      formatTransition(t('a', 'RUNNING', 'EXITED', { expected: true })),
      'RUNNING->EXITED expected',
    );
    assert.equal(
      formatTransition(t('a', 'RUNNING', 'EXITED', { expected: false })),
      'RUNNING->EXITED unexpected',
    );
    assert.equal(
      formatTransition(t('a', 'RUNNING', 'EXITED')),
      'RUNNING->EXITED',
      'missing is not false',
    );
    assert.equal(
      formatTransition(t('a', 'STARTING', 'BACKOFF', { tries: 2 })),
      'STARTING->BACKOFF tries=2',
    );
  });

  it('a missing expected never matches a recorded unexpected exit', () => {
    const exits = (expected?: boolean) => [
      t('a', 'RUNNING', 'EXITED', expected === undefined ? {} : { expected }),
    ];
    const s = scenario({ expect: { a: ['RUNNING->EXITED unexpected'] } });
    assert.equal(judge(s, result(exits(false)), result(exits(false))).pass, true);
    assert.equal(judge(s, result(exits(false)), result(exits())).pass, false);
  });

  it('passes when both sides produce the documented sequence', () => {
    const verdict = judge(scenario(), result(run), result(run));
    assert.deepEqual(verdict, { pass: true, details: [] });
  });

  it('fails when supervisord differs from the documented sequence (a harness problem)', () => {
    const verdict = judge(scenario(), result(run.slice(0, 1)), result(run));
    assert.equal(verdict.pass, false);
    assert.match(
      verdict.details[0] ?? '',
      /supervisord differs from the reference's documented sequence/,
    );
  });

  it('fails when overseer differs from supervisord, and marks the first difference', () => {
    const other = [run[0] as Transition, t('a', 'STARTING', 'BACKOFF', { tries: 1 })];
    const verdict = judge(scenario(), result(run), result(other));
    assert.equal(verdict.pass, false);
    assert.match(verdict.details.join('\n'), /a: overseer differs from supervisord/);
    assert.ok(verdict.details.some((d) => d.startsWith('  >  2 STARTING->RUNNING')));
  });

  it('fails when a program has no documented sequence, instead of comparing with nothing', () => {
    const verdict = judge(scenario({ expect: {} }), result([]), result([]));
    assert.equal(verdict.pass, false);
    assert.match(verdict.details[0] ?? '', /documents no sequence/);
  });

  it('fails when either script did not finish', () => {
    assert.equal(judge(scenario(), result(run, 'timed out'), result(run)).pass, false);
    assert.equal(judge(scenario(), result(run), result(run, 'timed out')).pass, false);
    assert.equal(judge(scenario(), result(run), undefined).pass, true, 'supervisord-only run');
  });

  it('a deliberate difference checks overseer against its own sequence, and says so', () => {
    const deliberate = { reason: 'because', overseer: { a: ['STOPPED->STARTING tries=0'] } };
    const s = scenario({ deliberate });
    const verdict = judge(s, result(run), result(run.slice(0, 1)));
    assert.equal(verdict.pass, true);
    assert.equal(verdict.details[0], 'deliberate difference from supervisord: because');
    assert.equal(judge(s, result(run), result(run)).pass, false);
  });

  it('compares the interleaving across programs when the scenario asks', () => {
    const programs = [
      { name: 'a', command: 'x' },
      { name: 'b', command: 'x' },
    ];
    const order = {
      transitions: ['STOPPED->STARTING'],
      expect: ['a: STOPPED->STARTING', 'b: STOPPED->STARTING'],
    };
    const s = scenario({
      programs,
      order,
      expect: { a: ['STOPPED->STARTING'], b: ['STOPPED->STARTING'] },
    });
    const ab = [t('a', 'STOPPED', 'STARTING'), t('b', 'STOPPED', 'STARTING')];
    const ba = [t('b', 'STOPPED', 'STARTING'), t('a', 'STOPPED', 'STARTING')];
    assert.equal(judge(s, result(ab), result(ab)).pass, true);
    assert.equal(judge(s, result(ab), result(ba)).pass, false);
    assert.equal(
      judge(s, result(ba), result(ba)).pass,
      false,
      'supervisord must follow the documented order',
    );
    assert.deepEqual(orderOf(ab, ['STOPPED->STARTING']), order.expect);
  });

  it('sequenceOf keeps one program and cuts to the prefix', () => {
    const all = [...run, t('b', 'STOPPED', 'STARTING'), t('a', 'RUNNING', 'STOPPING')];
    assert.deepEqual(sequenceOf(all, 'a', 2), ['STOPPED->STARTING tries=0', 'STARTING->RUNNING']);
    assert.equal(sequenceOf(all, 'a', undefined).length, 3);
    assert.deepEqual(sideBySide('l', ['x'], 'r', []).slice(1), ['  >  1 x  -']);
  });
});
