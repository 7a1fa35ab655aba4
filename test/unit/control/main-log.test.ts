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

  it('keeps exactly the bytes one growing buffer cut to its last capacity bytes would', () => {
    const capacity = 700;
    const log = new MainLog(capacity);
    let whole = '';
    for (let i = 0; i < 3000; i++) {
      const time = 1_700_000_000_000 + i * 37;
      log.write(i % 7 === 0 ? 'WARN' : 'INFO', `line ${i} ${'x'.repeat(i % 50)}`, time);
      whole += `${stampOf(time)} ${i % 7 === 0 ? 'WARN' : 'INFO'} line ${i} ${'x'.repeat(i % 50)}\n`;
      if (i % 499 === 498 || i === 2999) {
        assert.equal(log.size, Buffer.byteLength(whole));
        assert.equal(log.read(0, 0), whole.slice(-capacity));
        assert.equal(log.read(log.size - 100, 40), whole.slice(-100, -60));
      }
    }
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

/** supervisord's stamp of `time`, made from scratch for each line. */
function stampOf(time: number): string {
  const d = new Date(time);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return (
    `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ` +
    `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())},${p(d.getMilliseconds(), 3)}`
  );
}
