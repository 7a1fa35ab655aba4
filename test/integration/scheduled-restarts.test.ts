import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ManualClock } from '../../src/index.js';
import { until } from '../helpers/logs-helpers.js';
import { nodeFixture, testSupervisor } from '../helpers/processes.js';

const MIN = 60_000;
/** 2026-12-01T00:05:00Z: quarter hours fall at the same instants in the zones tests run in. */
const T0 = Date.UTC(2026, 11, 1, 0, 5);

describe('scheduled restarts (injected clock, real children)', () => {
  it('maxRuntimeSecs restarts a program after that much uptime, and again after the next', async () => {
    const clock = new ManualClock(T0);
    await using sup = testSupervisor({ clock });
    const web = sup.add({
      name: 'web',
      command: nodeFixture('sleep-forever.js'),
      startSecs: 0,
      maxRuntimeSecs: 3600,
    });
    await sup.start();
    const first = web.pid;
    clock.advance(3599_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(web.pid, first, 'not before the hour');
    clock.advance(1000);
    await until(() => web.state === 'RUNNING' && web.pid !== first);
    assert.deepEqual(sup.pathOf('web').slice(-4), [
      'RUNNING>STOPPING',
      'STOPPING>STOPPED',
      'STOPPED>STARTING',
      'STARTING>RUNNING',
    ]);
    assert.equal(web.lastExit?.cause, 'max-runtime');
    const second = web.pid;
    clock.advance(3600_000);
    await until(() => web.state === 'RUNNING' && web.pid !== second);
  });

  it('a pool on one schedule restarts one member at a time when it falls due', async () => {
    const clock = new ManualClock(T0);
    await using sup = testSupervisor({ clock });
    const group = sup.addPool({
      name: 'w',
      command: nodeFixture('sleep-forever.js'),
      numprocs: 3,
      processName: 'w_%(process_num)d',
      startSecs: 0,
      restartSchedule: '*/15 * * * *',
    });
    await sup.start();
    const before = group.members.map((p) => p.pid);
    let minRunning = Infinity;
    sup.on('state', () => {
      minRunning = Math.min(minRunning, group.members.filter((p) => p.state === 'RUNNING').length);
    });
    sup.transitions.length = 0;
    clock.advance(9 * MIN);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(sup.transitions.length, 0, 'nothing before 00:15');
    clock.advance(1 * MIN);
    await until(() => group.members.every((p, i) => p.state === 'RUNNING' && p.pid !== before[i]));
    assert.equal(minRunning, 2, 'one member down at a time');
    const downs = sup.transitions.filter((t) => t.endsWith('RUNNING>STOPPING'));
    const ups = sup.transitions.filter((t) => t.endsWith('STARTING>RUNNING'));
    assert.deepEqual(downs, [
      'w_0:RUNNING>STOPPING',
      'w_1:RUNNING>STOPPING',
      'w_2:RUNNING>STOPPING',
    ]);
    assert.equal(ups.length, 3);
    const order = sup.transitions;
    assert.ok(order.indexOf('w_0:STARTING>RUNNING') < order.indexOf('w_1:RUNNING>STOPPING'));
    assert.ok(order.indexOf('w_1:STARTING>RUNNING') < order.indexOf('w_2:RUNNING>STOPPING'));
    assert.ok(group.members.every((p) => p.lastExit?.cause === 'scheduled'));
  });
});
