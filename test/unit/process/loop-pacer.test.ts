import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LoopPacer } from '../../../src/process/loop-pacer.js';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Keeps the loop busy until `ms` have passed (so a timer of 0 ms is due afterwards). */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spin
  }
}

describe('LoopPacer', () => {
  it('runs the jobs in the order given, none in the turn that paced them', async () => {
    const pacer = new LoopPacer();
    const order: string[] = [];
    pacer.pace(() => order.push('a'));
    pacer.pace(() => order.push('b'));
    pacer.pace(() => order.push('c'));
    assert.deepEqual(order, []);
    assert.equal(pacer.pending, 3);
    for (let i = 0; i < 5 && order.length < 3; i++) await nextTurn();
    assert.deepEqual(order, ['a', 'b', 'c']);
    assert.equal(pacer.pending, 0);
  });

  it('lets a due timer run between two jobs (one job per event-loop iteration)', async () => {
    const pacer = new LoopPacer();
    const order: string[] = [];
    const done = new Promise<void>((resolve) => {
      pacer.pace(() => {
        order.push('job 1');
        setTimeout(() => order.push('timer'), 0);
        busy(3); // the timer is due before this iteration ends
      });
      pacer.pace(() => {
        order.push('job 2');
        resolve();
      });
    });
    await done;
    assert.deepEqual(order, ['job 1', 'timer', 'job 2']);
  });

  it('a timer due when the job was paced runs before the job (not the same iteration)', async () => {
    const pacer = new LoopPacer();
    const order: string[] = [];
    await new Promise<void>((resolve) => {
      setTimeout(() => {
        pacer.pace(() => {
          order.push('job');
          resolve();
        });
        setTimeout(() => order.push('timer'), 0);
        busy(3);
      }, 0);
    });
    assert.deepEqual(order, ['timer', 'job']);
  });

  it('a job paced by a job runs after the ones already waiting', async () => {
    const pacer = new LoopPacer();
    const order: string[] = [];
    const done = new Promise<void>((resolve) => {
      pacer.pace(() => {
        order.push('a');
        pacer.pace(() => {
          order.push('c');
          resolve();
        });
      });
      pacer.pace(() => order.push('b'));
    });
    await done;
    assert.deepEqual(order, ['a', 'b', 'c']);
  });

  it('a job that throws is reported; the jobs after it still run', async () => {
    const errors: unknown[] = [];
    const pacer = new LoopPacer((error) => errors.push(error));
    const ran = new Promise<void>((resolve) => {
      pacer.pace(() => {
        throw new Error('boom');
      });
      pacer.pace(resolve);
    });
    await ran;
    assert.equal((errors[0] as Error | undefined)?.message, 'boom');
    assert.equal(errors.length, 1);
  });
});
