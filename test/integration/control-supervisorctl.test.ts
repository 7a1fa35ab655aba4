import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serveControl } from '../../src/control/index.js';
import { PYTHON, pythonRpc, SUPERVISORCTL, supervisorctl, tailFollow } from '../helpers/control.js';
import { isAlive, nodeFixture, testSupervisor } from '../helpers/processes.js';

const auth = { username: 'admin', password: 's3cret' };
const skip = SUPERVISORCTL
  ? false
  : 'supervisorctl is not installed (run test/conformance/install-supervisord.sh)';

async function setup() {
  const sup = testSupervisor();
  sup.add({ name: 'web', command: nodeFixture('print-forever.js', 50), startSecs: 0.1 });
  sup.addPool({
    name: 'worker',
    numprocs: 2,
    processName: '%(program_name)s_%(process_num)02d',
    command: nodeFixture('sleep-forever.js'),
    startSecs: 0,
  });
  sup.add({
    name: 'manual',
    command: nodeFixture('sleep-forever.js'),
    autostart: false,
    startSecs: 0,
  });
  await sup.start();
  const server = await serveControl(sup, { port: 0, ...auth });
  return Object.assign(sup, {
    url: server.url,
    ctl: (...args: string[]) => supervisorctl(server.url, auth, ...args),
    async [Symbol.asyncDispose]() {
      await server.close();
      await Object.getPrototypeOf(sup)[Symbol.asyncDispose].call(sup);
    },
  });
}

describe('Debian supervisorctl against serveControl', { skip }, () => {
  it('status lists every program as supervisord does, exit 3 when one is stopped', async () => {
    await using sup = await setup();
    const { code, stdout } = await sup.ctl('status');
    assert.equal(code, 3, stdout);
    const lines = stdout.trim().split('\n');
    assert.deepEqual(
      lines.map((l) => l.split(/\s+/).slice(0, 2)),
      [
        ['manual', 'STOPPED'],
        ['web', 'RUNNING'],
        ['worker:worker_00', 'RUNNING'],
        ['worker:worker_01', 'RUNNING'],
      ],
    );
    assert.match(lines[1] as string, new RegExp(`pid ${sup.get('web')?.pid}, uptime 0:00:0\\d`));
    assert.match(lines[0] as string, /Not started/);
  });

  it('stop, start and restart all change the real processes', async () => {
    await using sup = await setup();
    const web = sup.get('web');
    const before = web?.pid as number;
    assert.deepEqual(await sup.ctl('stop', 'web'), { code: 0, stdout: 'web: stopped\n' });
    assert.equal(web?.state, 'STOPPED');
    assert.equal(isAlive(before), false);
    assert.deepEqual(await sup.ctl('start', 'web'), { code: 0, stdout: 'web: started\n' });
    assert.equal(web?.state, 'RUNNING');
    const pids = sup.programs.map((p) => p.pid);
    const restart = await sup.ctl('restart', 'all');
    assert.equal(restart.code, 0, restart.stdout);
    const out = restart.stdout.trim().split('\n');
    for (const name of ['web', 'worker:worker_00', 'worker:worker_01']) {
      assert.ok(out.includes(`${name}: stopped`), restart.stdout);
      assert.ok(out.includes(`${name}: started`), restart.stdout);
    }
    assert.ok(out.includes('manual: started'), 'start all starts autostart=false ones too');
    for (const p of sup.programs) assert.equal(p.state, 'RUNNING');
    for (const pid of pids) if (pid) assert.equal(isAlive(pid), false, `old pid ${pid} is gone`);
  });

  it('tail prints the last bytes of the log; tail -f follows it live for a second', async () => {
    await using sup = await setup();
    await sup.get('web')?.waitForLine(/tick 5$/);
    const tail = await sup.ctl('tail', 'web');
    assert.equal(tail.code, 0);
    assert.match(tail.stdout, /^tick \d+$/m);
    const seen = sup.get('web')?.tail(1)[0]?.line as string;
    const followed = await tailFollow(sup.url, auth, 'web', 1000);
    assert.match(followed.stdout, /==> Press Ctrl-C to exit <==/);
    const ticks = [...followed.stdout.matchAll(/tick (\d+)/g)].map((m) => Number(m[1]));
    const last = Number(seen.split(' ')[1]);
    assert.ok(
      ticks.filter((n) => n > last + 2).length >= 5,
      `new lines arrived while following: ${ticks.join(',')}`,
    );
  });

  it('an unknown name gets the BAD_NAME fault: "no such process", and exit code 1', async () => {
    await using sup = await setup();
    assert.deepEqual(await sup.ctl('start', 'nosuch'), {
      code: 1,
      stdout: 'nosuch: ERROR (no such process)\n',
    });
    assert.deepEqual(await sup.ctl('stop', 'nosuch:*'), {
      code: 1,
      stdout: 'nosuch: ERROR (no such group)\n',
    });
    const status = await sup.ctl('status', 'nosuch');
    assert.equal(status.stdout, 'nosuch: ERROR (no such process)\n');
  });

  it('group stop, signal, pid, version, avail and maintail', async () => {
    await using sup = await setup();
    const stop = await sup.ctl('stop', 'worker:*');
    assert.equal(stop.stdout, 'worker:worker_00: stopped\nworker:worker_01: stopped\n');
    assert.equal((await sup.ctl('pid', 'web')).stdout.trim(), String(sup.get('web')?.pid));
    assert.equal((await sup.ctl('pid')).stdout.trim(), String(process.pid));
    assert.match((await sup.ctl('version')).stdout, /^\d+\.\d+\.\d+/);
    assert.match((await sup.ctl('avail')).stdout, /^web\s+in use\s+auto/m);
    assert.equal(
      (await sup.ctl('signal', 'BOGUS', 'web')).stdout,
      'web: ERROR (bad signal name)\n',
    );
    assert.equal(
      (await sup.ctl('signal', 'USR2', 'manual')).stdout,
      'manual: ERROR (not running)\n',
    );
    const maintail = await sup.ctl('maintail');
    assert.match(maintail.stdout, /INFO waiting for worker_00 to stop/);
    // startSecs 0: a stop that comes before node has set its SIGTERM handler kills it.
    assert.match(
      maintail.stdout,
      /INFO stopped: worker_00 \((exit status 0|terminated by SIGTERM)\)/,
    );
  });

  it('wrong credentials: "Server requires authentication"', async () => {
    await using sup = await setup();
    const { code, stdout } = await supervisorctl(
      sup.url,
      { username: 'admin', password: 'x' },
      'status',
    );
    assert.notEqual(code, 0);
    assert.match(stdout, /Server requires authentication/);
  });

  it("Python's xmlrpc.client: multicall, faults, listMethods", { skip: !PYTHON }, async () => {
    await using sup = await setup();
    const multi = await pythonRpc(
      sup.url,
      'system.multicall',
      [
        [
          { methodName: 'supervisor.getAPIVersion', params: [] },
          { methodName: 'supervisor.getProcessInfo', params: ['nosuch'] },
          { methodName: 'supervisor.stopProcess', params: ['manual'] },
        ],
      ],
      auth,
    );
    assert.deepEqual(multi, {
      result: [
        ['3.0'],
        { faultCode: 10, faultString: 'BAD_NAME: nosuch' },
        { faultCode: 70, faultString: 'NOT_RUNNING: manual' },
      ],
    });
    assert.deepEqual(await pythonRpc(sup.url, 'supervisor.startProcess', ['web'], auth), {
      fault: 60,
      text: 'ALREADY_STARTED: web',
    });
    assert.deepEqual(await pythonRpc(sup.url, 'supervisor.getPID', [1, 2], auth), {
      fault: 2,
      text: 'INCORRECT_PARAMETERS',
    });
    assert.deepEqual(await pythonRpc(sup.url, 'supervisor.nope', [], auth), {
      fault: 1,
      text: 'UNKNOWN_METHOD',
    });
    const list = (await pythonRpc(sup.url, 'system.listMethods', [], auth)) as { result: string[] };
    for (const m of [
      'supervisor.getAllProcessInfo',
      'supervisor.sendProcessStdin',
      'system.multicall',
    ]) {
      assert.ok(list.result.includes(m), m);
    }
  });
});
