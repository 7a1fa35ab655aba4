import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { serveControl } from '../../src/control/index.js';
import { PYTHON } from '../helpers/control.js';
import { fixture, nodeFixture, testSupervisor } from '../helpers/processes.js';

const CHILDUTILS = '/usr/lib/python3/dist-packages/supervisor/childutils.py';
const skip =
  PYTHON && existsSync(CHILDUTILS)
    ? false
    : "Debian's supervisor package (python3 supervisor.childutils) is not installed";

describe("supervisord's listener helpers call back through serveControl", { skip }, () => {
  it('childutils.getRPCInterface(os.environ) with SUPERVISOR_SERVER_URL and credentials', async () => {
    await using sup = testSupervisor();
    const server = await serveControl(sup, { port: 0, username: 'listener', password: 'pw' });
    try {
      const echo = sup.add({ name: 'echo', command: nodeFixture('echo-stdin.js'), startSecs: 0 });
      const caller = sup.add({
        name: 'caller',
        command: [PYTHON as string, fixture('rpc-caller.py'), 'echo'],
        startSecs: 0,
        autostart: false,
        environment: {
          SUPERVISOR_SERVER_URL: server.url,
          SUPERVISOR_USERNAME: 'listener',
          SUPERVISOR_PASSWORD: 'pw',
        },
      });
      await sup.start();
      const got = echo.waitForLine(/^got:hello from python$/, { timeoutMs: 20_000 });
      await caller.start();
      await got;
      await caller.waitForLine(/^sent$/, { timeoutMs: 20_000 });
      assert.deepEqual(
        caller.tail(10).map((l) => l.line),
        ['state RUNNING', 'sent'],
      );
    } finally {
      await server.close();
    }
  });
});
