/**
 * The same server under vitest: one supervisor for the file (beforeAll / afterAll), the
 * server ready on its log line, and a leak check after the supervisor is disposed.
 * Run: npx vitest run --config examples/test-harness/vitest.config.ts
 */
import { fileURLToPath } from 'node:url';
import { Supervisor } from 'overseer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const server = fileURLToPath(new URL('../programs/http-server.js', import.meta.url));

describe('http-server', () => {
  const sup = new Supervisor({ sampleIntervalMs: 0, handleSignals: false });
  let url = '';
  let pid = 0;

  beforeAll(async () => {
    const web = sup.add({
      name: 'web',
      command: [process.execPath, server, '0'],
      readiness: { line: /listening on \d+/, timeoutSecs: 10 },
      stopWaitSecs: 2,
    });
    await sup.start();
    const { match } = await web.waitForLine(/listening on (\d+)/);
    url = `http://127.0.0.1:${match[1]}`;
    pid = web.pid;
  });

  afterAll(async () => {
    await sup[Symbol.asyncDispose](); // stops the server; nothing survives the file
    expect(() => process.kill(pid, 0)).toThrow(); // leak check: the pid is gone
  });

  it('answers GET /', async () => {
    const res = await fetch(`${url}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(`hello from pid ${pid}\n`);
  });

  it('is RUNNING with a pid', () => {
    expect(sup.get('web')?.state).toBe('RUNNING');
    expect(pid).toBeGreaterThan(0);
  });
});
