import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { StateChange } from '../../src/index.js';
import { freePort, nextEvent } from '../helpers/health-helpers.js';
import { fixture, nodeFixture, tempDir, testSupervisor, waitGone } from '../helpers/processes.js';

describe('readiness: http, exec and IPC message, and what they found', () => {
  it('http: RUNNING once the URL answers an expected status; the result is kept', async () => {
    await using sup = testSupervisor();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/health`;
    const p = sup.add({
      name: 'web',
      command: nodeFixture('http-hangs-after.js', port),
      readiness: { http: { url, status: [200] }, intervalSecs: 0.05 },
    });
    const running = nextEvent<StateChange>(
      (fn) => p.on('state', fn),
      (c) => c.to === 'RUNNING',
    );
    await p.start();
    assert.deepEqual(
      { ...p.readiness, time: 0 },
      {
        kind: 'http',
        url,
        status: 200,
        body: 'ok 1\n',
        description: `HTTP 200 from ${url}`,
        time: 0,
      },
    );
    assert.equal((await running).readiness, p.readiness, 'on the RUNNING state event too');
  });

  it('exec: RUNNING once the command exits 0; no shell unless asked', async () => {
    await using sup = testSupervisor();
    await using dir = await tempDir();
    const flag = join(dir.path, 'ready');
    const p = sup.add({
      name: 'db',
      command: ['/bin/sh', '-c', `sleep 0.3; touch ${flag}; exec sleep 30`],
      readiness: { exec: ['test', '-e', flag], intervalSecs: 0.05 },
    });
    await p.start();
    assert.equal(p.readiness?.kind, 'exec');
    assert.equal(p.readiness?.description, `test -e ${flag} exited 0`);
  });

  it('exec: a probe that hangs is killed at probeTimeoutSecs, each time; a failed start leaves nothing', async () => {
    await using sup = testSupervisor();
    await using dir = await tempDir();
    const pids = join(dir.path, 'pids');
    const p = sup.add({
      name: 'never',
      command: nodeFixture('sleep-forever.js'),
      readiness: {
        exec: `echo $$ >> ${pids}; sleep 30`,
        shell: true,
        probeTimeoutSecs: 0.2,
        intervalSecs: 0.05,
        timeoutSecs: 0.7,
      },
      startRetries: 0,
    });
    await assert.rejects(p.start(), { code: 'ABNORMAL_TERMINATION' });
    assert.equal(p.lastExit?.cause, 'start-timeout');
    const probes = readFileSync(pids, 'utf8').trim().split('\n').map(Number);
    assert.ok(probes.length >= 2, `${probes.length} attempts`);
    for (const pid of probes) assert.ok(await waitGone(pid, 2000), `probe ${pid} is gone`);
  });

  it('message: a port-0 server reports its port with process.send({ ready: true, port })', async () => {
    await using sup = testSupervisor();
    const p = sup.add({
      name: 'api',
      command: nodeFixture('http-hangs-after.js', 0),
      readiness: { message: 'ready' },
    });
    await p.start();
    assert.equal(p.readiness?.kind, 'message');
    const payload = (p.readiness as { payload: { ready: boolean; port: number } }).payload;
    assert.equal(payload.ready, true);
    const answer = await fetch(`http://127.0.0.1:${payload.port}/`);
    assert.equal(answer.status, 200);
    await answer.text();
  });

  it('message from a non-Node child: one JSON line on fd 3 (NODE_CHANNEL_FD)', async () => {
    await using sup = testSupervisor();
    const p = sup.add({
      name: 'sh',
      command: ['/bin/sh', fixture('ipc-ready-fd3.sh')],
      readiness: { message: 'ready', timeoutSecs: 5 },
    });
    await p.start();
    assert.deepEqual((p.readiness as { payload: unknown }).payload, { ready: true, from: 'sh' });
    assert.ok(p.tail().some((l) => l.line === 'channel fd 3'));
  });

  it('a line on fd 3 that is not JSON is dropped; the host carries on', async () => {
    await using sup = testSupervisor();
    const p = sup.add({
      name: 'noisy',
      command: ['/bin/sh', '-c', `printf 'garbage\n{"ready":true}\n' >&3; exec sleep 30`],
      readiness: { message: 'ready', timeoutSecs: 5 },
    });
    await p.start();
    assert.deepEqual((p.readiness as { payload: unknown }).payload, { ready: true });
  });

  it('no IPC channel for programs that do not ask', async () => {
    await using sup = testSupervisor();
    const p = sup.add({
      name: 'plain',
      command: nodeFixture('print-env.js', 'NODE_CHANNEL_FD'),
      readiness: { line: /^cwd=/ },
    });
    await p.start();
    assert.ok(p.tail().some((l) => l.line === 'NODE_CHANNEL_FD='));
  });
});
