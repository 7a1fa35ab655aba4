import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type HealthReport, HealthStatus } from '../../../src/health/health-status.js';

function status(threshold = 3) {
  const reports: HealthReport[] = [];
  const restarts: string[] = [];
  const s = new HealthStatus(
    threshold,
    (r) => reports.push(r),
    (why) => restarts.push(why),
  );
  return { s, reports, restarts };
}
const ok = { ok: true, message: 'HTTP 200' };
const bad = { ok: false, message: 'HTTP 503' };

describe('HealthStatus', () => {
  it('reports the first ok, every failure with its count, and asks for one restart at the threshold', () => {
    const { s, reports, restarts } = status(3);
    s.record('http', ok);
    s.record('http', ok);
    for (let i = 0; i < 4; i++) s.record('http', bad);
    assert.deepEqual(
      reports.map((r) => `${r.status}:${r.failures}:${r.restarting}`),
      ['ok:0:false', 'failing:1:false', 'failing:2:false', 'failing:3:true', 'failing:4:false'],
    );
    assert.deepEqual(restarts, ['http probe failed 3 times in a row: HTTP 503']);
    assert.equal(s.failing, true);
    assert.equal(s.probeFailures, 4);
  });

  it('a pass resets the streak and is reported as recovery', () => {
    const { s, reports, restarts } = status(2);
    s.record('http', bad);
    s.record('http', ok);
    s.record('http', bad);
    assert.deepEqual(
      reports.map((r) => r.status),
      ['failing', 'ok', 'failing'],
    );
    assert.equal(restarts.length, 0);
    assert.equal(s.failing, true);
  });

  it('checks count apart; a new run starts the streaks again but keeps the total', () => {
    const { s, restarts } = status(2);
    s.record('http', bad);
    s.record('silence', bad);
    assert.equal(restarts.length, 0);
    s.record('silence', bad);
    assert.equal(restarts.length, 1);
    s.reset();
    assert.equal(s.failing, false);
    assert.equal(s.probeFailures, 3);
    s.record('http', bad);
    s.record('http', bad);
    assert.equal(restarts.length, 2, 'one restart per run');
  });
});
