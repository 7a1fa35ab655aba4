import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, it } from 'node:test';
import { serveControl } from '../../src/control/index.js';
import { parseSupervisordConfig } from '../../src/index.js';
import { PYTHON } from '../helpers/control.js';
import { fixture, nodeFixture, testSupervisor } from '../helpers/processes.js';

const CHILDUTILS = '/usr/lib/python3/dist-packages/supervisor/childutils.py';
const skip =
  PYTHON && existsSync(CHILDUTILS)
    ? false
    : "Debian's supervisor package (python3 supervisor.childutils) is not installed";

const SCRIPTS = '/usr/lib/python3/dist-packages/supervisor/scripts';

describe("supervisord's listener helpers call back through serveControl", { skip }, () => {
  it("Debian's loop_listener.py answers loop_eventgen.py's PROCESS_COMMUNICATION through sendProcessStdin", async () => {
    const rounds = 5;
    const report = '/tmp/report'; // where loop_eventgen.py writes, hard-coded
    // loop_eventgen.py runs through pcomm-shim.py: supervisor 4.2.5's childutils.pcomm mixes
    // bytes and str on one stdout, which Python 3 refuses (see the fixture).
    rmSync(report, { force: true });
    await using sup = testSupervisor();
    const server = await serveControl(sup, { port: 0, username: 'listener', password: 'pw' });
    try {
      const { config } = parseSupervisordConfig(
        `
[program:eventgen]
command=${PYTHON} -u ${fixture('pcomm-shim.py')} ${SCRIPTS}/loop_eventgen.py ${rounds}
stdout_capture_maxbytes=1MB
startsecs=0
autorestart=false
priority=2

[eventlistener:listener]
command=${PYTHON} -u ${SCRIPTS}/loop_listener.py
events=PROCESS_COMMUNICATION
serverurl=${server.url}
environment=SUPERVISOR_USERNAME="listener",SUPERVISOR_PASSWORD="pw"
priority=1
`,
        { here: tmpdir() },
      );
      await sup.update(config);
      const eventgen = sup.get('eventgen');
      const exited = eventgen?.waitFor('EXITED', { timeoutMs: 30_000 });
      await sup.start();
      await exited;
      assert.equal(eventgen?.lastExit?.code, 0, JSON.stringify(eventgen?.tail(20)));
      const lines = readFileSync(report, 'utf8').trim().split('\n');
      assert.deepEqual(
        lines.slice(0, rounds).map((l) => l.split(' @ ')[0]),
        ['0', '1', '2', '3', '4'],
        'one round per event answered through sendProcessStdin',
      );
      assert.match(lines[rounds] as string, /per second$/);
    } finally {
      await server.close();
      rmSync(report, { force: true });
    }
  });

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
