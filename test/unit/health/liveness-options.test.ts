import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeLiveness } from '../../../src/health/liveness-options.js';
import { normalizeProgramOptions } from '../../../src/options/normalize.js';

const ctx = { program: 'web' };

describe('liveness options', () => {
  it('Kubernetes defaults: periodSecs 10, timeoutSecs 1, failureThreshold 3, initialDelaySecs 0', () => {
    const c = normalizeLiveness(ctx, { http: 'http://127.0.0.1:3000/health' });
    assert.deepEqual(c, {
      target: { kind: 'http', url: 'http://127.0.0.1:3000/health', status: undefined },
      silenceMs: undefined,
      heartbeat: false,
      periodMs: 10_000,
      timeoutMs: 1000,
      failureThreshold: 3,
      initialDelayMs: 0,
    });
  });

  it('every kind, and silenceSecs alone or beside a probe', () => {
    assert.equal(normalizeLiveness(ctx, { port: 6379 })?.target?.kind, 'port');
    assert.deepEqual(normalizeLiveness(ctx, { exec: 'redis-cli ping' })?.target, {
      kind: 'exec',
      argv: ['redis-cli', 'ping'],
    });
    assert.deepEqual(normalizeLiveness(ctx, { exec: 'a | b', shell: true })?.target, {
      kind: 'exec',
      argv: ['/bin/sh', '-c', 'a | b'],
    });
    assert.equal(normalizeLiveness(ctx, { check: () => true })?.target?.kind, 'check');
    const both = normalizeLiveness(ctx, {
      http: { url: 'http://x/', status: [204] },
      silenceSecs: 2.5,
      heartbeat: true,
    });
    assert.equal(both?.silenceMs, 2500);
    assert.equal(both?.heartbeat, true);
    assert.deepEqual(both?.target, { kind: 'http', url: 'http://x/', status: [204] });
  });

  it('bad values name the option, the value and the fix', () => {
    const cases: [unknown, RegExp][] = [
      [{}, /Invalid option "liveness" of program "web": got \{\}\. Use \{ http:/],
      [{ http: 'ftp://x' }, /"liveness\.http\.url".*Use an http:\/\/ or https:\/\/ URL/],
      [{ http: { url: 'http://x', status: [99] } }, /"liveness\.http\.status".*like \[200, 204\]/],
      [{ http: 'http://x', port: 3 }, /"liveness\.port".*Give one probe: http or port/],
      [{ exec: 'a | b' }, /"liveness\.exec".*shell operator "\|"/],
      [{ port: 3000, periodSecs: 0 }, /"liveness\.periodSecs".*> 0/],
      [{ port: 3000, failureThreshold: 0 }, /"liveness\.failureThreshold".*>= 1/],
      [{ port: 3000, heartbeat: true }, /"liveness\.heartbeat".*add silenceSecs/],
      [{ port: 3000, perodSecs: 1 }, /"liveness\.perodSecs".*not a liveness option/],
    ];
    for (const [value, message] of cases) {
      assert.throws(
        () => normalizeLiveness(ctx, value),
        { code: 'INVALID_OPTION', message },
        JSON.stringify(value),
      );
    }
  });

  it('is part of a program config, with crashReportLines (default 50)', () => {
    const c = normalizeProgramOptions({
      name: 'w',
      command: 'node x.js',
      liveness: { silenceSecs: 5 },
    });
    assert.equal(c.liveness?.silenceMs, 5000);
    assert.equal(c.crashReportLines, 50);
  });
});
