import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exitLine, MainLog, stateLine } from '../../../src/control/main-log.js';
import type { ExitEvent, StateChange } from '../../../src/index.js';

describe('MainLog', () => {
  it('reads like supervisord readFile: offsets, negative offsets, length 0 to the end', () => {
    const log = new MainLog(4096);
    log.write('INFO', 'one', 0);
    log.write('INFO', 'two', 0);
    const all = log.read(0, 0);
    assert.match(all, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,000 INFO one\n.* INFO two\n$/);
    assert.equal(log.read(-4, 0), 'two\n');
    assert.equal(log.read(all.length - 4, 2), 'tw');
    assert.throws(() => log.read(-4, 2), /BAD_ARGUMENTS/);
  });

  it('keeps the last bytes only, with offsets that keep counting', () => {
    const log = new MainLog(1024);
    for (let i = 0; i < 100; i++) log.write('INFO', `line ${i}`, 0);
    assert.ok(log.size > 1024);
    assert.equal(log.read(0, 0).length, 1024);
    assert.match(log.read(-8, 0), /line 99\n$/);
    log.clear();
    assert.equal(log.read(0, 0), '');
  });

  it('tells followers each new line', () => {
    const log = new MainLog(1024);
    const seen: string[] = [];
    const off = log.follow((t) => seen.push(t));
    log.write('WARN', 'x', 0);
    off();
    log.write('WARN', 'y', 0);
    assert.equal(seen.length, 1);
    assert.match(seen[0] as string, / WARN x\n$/);
  });

  it('words exits and transitions as supervisord does', () => {
    const exit = {
      name: 'web',
      code: 1,
      signal: null,
      expected: false,
      cause: 'exit',
    } as ExitEvent;
    assert.equal(exitLine(exit), 'exited: web (exit status 1; not expected)');
    assert.equal(
      exitLine({ ...exit, code: null, signal: 'SIGTERM', cause: 'stop-requested' }),
      'stopped: web (terminated by SIGTERM)',
    );
    const change = { name: 'web', to: 'RUNNING' } as StateChange;
    assert.equal(stateLine(change), 'success: web entered RUNNING state');
    assert.equal(stateLine({ ...change, to: 'STARTING' }), undefined);
  });
});
