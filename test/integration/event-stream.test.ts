import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SupervisorEvent } from '../../src/index.js';
import { nodeFixture, testSupervisor } from '../helpers/processes.js';

describe('events(): every event as an async iterator of a typed union', () => {
  it('yields supervisor events in order, typed on `type`, until the signal aborts', async () => {
    await using sup = testSupervisor();
    const abort = new AbortController();
    const stream = sup.events({ signal: abort.signal });
    sup.add({
      name: 'quick',
      command: nodeFixture('exit-with.js', 0),
      startSecs: 0,
      autorestart: false,
    });
    await sup.start();
    const seen: string[] = [];
    for await (const e of stream) {
      const event: SupervisorEvent = e;
      if (event.type === 'state') seen.push(`state ${event.from}->${event.to}`);
      else if (event.type === 'exit') seen.push(`exit ${event.code}`);
      else seen.push(event.type);
      if (event.type === 'exit') abort.abort();
    }
    assert.deepEqual(
      seen.filter((s) => s !== 'log'),
      [
        'add',
        'state STOPPED->STARTING',
        'spawn',
        'state STARTING->RUNNING',
        'state RUNNING->EXITED',
        'exit 0',
      ],
    );
  });

  it("program.events() only has the program's own events; break unsubscribes", async () => {
    await using sup = testSupervisor();
    const p = sup.add({
      name: 'lines',
      command: nodeFixture('print-lines.js', 3),
      startSecs: 0,
      autorestart: false,
    });
    const types: string[] = [];
    const stream = p.events({ types: ['log', 'state'] });
    await p.start();
    for await (const e of stream) {
      types.push(e.type === 'log' ? `log ${e.line}` : `${e.type} ${e.to}`);
      if (e.type === 'state' && e.to === 'EXITED') break;
    }
    assert.deepEqual(
      types.filter((t) => t.startsWith('log')),
      ['log line 1', 'log line 2', 'log line 3'],
    );
    assert.equal(types.at(-1), 'state EXITED');
  });
});
