import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ProgramStats, ResourceEvent } from '../../src/index.js';
import { eventually } from '../helpers/deadline.js';
import { nodeFixture, testSupervisor } from '../helpers/processes.js';

describe('sampling follows every running program (issue 11, point 3)', () => {
  it('program.start() without supervisor.start(): stats come, and memoryLimit acts', async () => {
    await using sup = testSupervisor({ sampleIntervalMs: 100 });
    const resources: ResourceEvent[] = [];
    sup.on('resource', (e) => resources.push(e));
    const p = sup.add({
      name: 'hog',
      command: nodeFixture('allocate-memory.js', 80),
      startSecs: 0,
      memoryLimit: '40MB',
      stopWaitSecs: 2,
      restartBudget: { maxRestarts: 0, withinSecs: 60 },
    });
    await p.start();
    await eventually(() => p.stats !== undefined, 'a first sample');
    assert.equal(p.stats?.pid !== undefined, true);
    await p.waitFor('FATAL', { timeoutMs: 20_000 });
    assert.equal(resources[0]?.kind, 'restart');
  });

  it("a group's start() is sampled too, and sampling ends once nothing runs", async () => {
    await using sup = testSupervisor({ sampleIntervalMs: 100 });
    const samples: ProgramStats[] = [];
    sup.on('stats', (s) => samples.push(s));
    sup.addGroup({
      name: 'g',
      programs: [
        { name: 'a', command: nodeFixture('sleep-forever.js'), startSecs: 0, autostart: false },
      ],
    });
    await sup.group('g')?.start();
    await eventually(() => samples.some((s) => s.name === 'a'), "a sample of 'a'");
    await sup.group('g')?.stop();
    const count = samples.length;
    await new Promise((r) => setTimeout(r, 350));
    assert.equal(samples.length, count, 'no pass once nothing runs');
  });
});
