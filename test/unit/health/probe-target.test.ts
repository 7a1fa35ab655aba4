import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeReadiness } from '../../../src/program/readiness.js';

const ctx = { program: 'web' };

describe('readiness: http, exec and message kinds', () => {
  it('normalizes each, with a per-attempt timeout (probeTimeoutSecs, default 1 s)', () => {
    assert.deepEqual(
      normalizeReadiness(ctx, {
        http: { url: 'http://127.0.0.1:3000/health', status: [200, 204] },
      }),
      {
        kind: 'http',
        url: 'http://127.0.0.1:3000/health',
        status: [200, 204],
        timeoutSecs: 60,
        intervalMs: 100,
        probeTimeoutMs: 1000,
      },
    );
    assert.deepEqual(
      normalizeReadiness(ctx, { exec: 'pg_isready -h 127.0.0.1', probeTimeoutSecs: 2 }),
      {
        kind: 'exec',
        argv: ['pg_isready', '-h', '127.0.0.1'],
        timeoutSecs: 60,
        intervalMs: 100,
        probeTimeoutMs: 2000,
      },
    );
    assert.equal(normalizeReadiness(ctx, { message: 'ready' })?.kind, 'message');
    assert.equal(normalizeReadiness(ctx, { port: 80 })?.kind, 'port');
  });

  it('bad values are OptionErrors naming the option', () => {
    assert.throws(() => normalizeReadiness(ctx, { message: '' }), {
      message: /"readiness\.message".*message: 'ready'/,
    });
    assert.throws(() => normalizeReadiness(ctx, { http: 42 }), {
      message: /"readiness\.http".*Use a URL like/,
    });
    assert.throws(() => normalizeReadiness(ctx, { exec: [] }), { message: /"readiness\.exec"/ });
    assert.throws(() => normalizeReadiness(ctx, { port: 0 }), {
      message: /"readiness\.port".*from 1 to 65535/,
    });
    assert.throws(() => normalizeReadiness(ctx, {}), { message: /\{ message: 'ready' \}/ });
  });
});
