import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createContext } from '../../../src/control/context.js';
import { controlSettings } from '../../../src/control/options.js';
import { methods } from '../../../src/control/rpc-methods.js';
import { dispatch } from '../../../src/control/rpc-registry.js';
import type { RpcValue } from '../../../src/control/xmlrpc-codec.js';
import { ManualClock, Supervisor } from '../../../src/index.js';
import { FakeDriver } from '../../helpers/fake-driver.js';

async function setup(options: Parameters<typeof controlSettings>[0] = {}) {
  const driver = new FakeDriver();
  const sup = new Supervisor({
    driver,
    clock: new ManualClock(Date.UTC(2026, 0, 1)),
    handleSignals: false,
    killOnHostDeath: false,
    sampleIntervalMs: 0,
  });
  const cmd = ['/bin/true'];
  sup.add({ name: 'web', command: cmd, startSecs: 0, priority: 10 });
  sup.addPool({
    name: 'w',
    numprocs: 2,
    processName: 'w_%(process_num)d',
    command: cmd,
    startSecs: 0,
  });
  sup.add({ name: 'off', command: cmd, autostart: false, startSecs: 0 });
  await sup.start();
  const ctx = createContext(sup, controlSettings(options));
  const call = (name: string, ...params: RpcValue[]) => dispatch(ctx, methods, name, params);
  const fault = async (name: string, ...params: RpcValue[]) => {
    try {
      return { value: await call(name, ...params) };
    } catch (error) {
      const f = error as { code: number; faultString: string };
      return { code: f.code, text: f.faultString };
    }
  };
  return Object.assign(sup, { driver, ctx, call, fault });
}

describe('XML-RPC methods over a fake process driver', () => {
  it("getProcessInfo is supervisord's struct; getAllProcessInfo sorts by group then name", async () => {
    await using sup = await setup();
    const info = (await sup.call('supervisor.getProcessInfo', 'web')) as Record<string, RpcValue>;
    assert.deepEqual(
      { ...info, start: 0, now: 0 },
      {
        name: 'web',
        group: 'web',
        start: 0,
        stop: 0,
        now: 0,
        state: 20,
        statename: 'RUNNING',
        spawnerr: '',
        exitstatus: 0,
        logfile: '',
        stdout_logfile: '',
        stderr_logfile: '',
        pid: sup.get('web')?.pid as number,
        description: `pid ${sup.get('web')?.pid}, uptime 0:00:00`,
      },
    );
    const all = (await sup.call('supervisor.getAllProcessInfo')) as {
      group: string;
      name: string;
    }[];
    assert.deepEqual(
      all.map((i) => `${i.group}:${i.name}`),
      ['off:off', 'w:w_0', 'w:w_1', 'web:web'],
    );
  });

  it('faults: BAD_NAME, ALREADY_STARTED, NOT_RUNNING, BAD_SIGNAL, INCORRECT_PARAMETERS, UNKNOWN_METHOD', async () => {
    await using sup = await setup();
    assert.deepEqual(await sup.fault('supervisor.startProcess', 'nope'), {
      code: 10,
      text: 'BAD_NAME: nope',
    });
    assert.deepEqual(await sup.fault('supervisor.startProcess', 'w:nope'), {
      code: 10,
      text: 'BAD_NAME: w:nope',
    });
    assert.deepEqual(await sup.fault('supervisor.startProcess', 'web'), {
      code: 60,
      text: 'ALREADY_STARTED: web',
    });
    assert.deepEqual(await sup.fault('supervisor.stopProcess', 'off'), {
      code: 70,
      text: 'NOT_RUNNING: off',
    });
    assert.deepEqual(await sup.fault('supervisor.signalProcess', 'web', 'NOPE'), {
      code: 11,
      text: 'BAD_SIGNAL: web',
    });
    assert.deepEqual(await sup.fault('supervisor.signalProcess', 'off', 'HUP'), {
      code: 70,
      text: 'NOT_RUNNING: off',
    });
    assert.deepEqual(await sup.fault('supervisor.sendProcessStdin', 'off', 'x'), {
      code: 70,
      text: 'NOT_RUNNING: off',
    });
    assert.deepEqual(await sup.fault('supervisor.getPID', 1), {
      code: 2,
      text: 'INCORRECT_PARAMETERS',
    });
    assert.deepEqual(await sup.fault('supervisor.stopProcess', ['web']), {
      code: 2,
      text: 'INCORRECT_PARAMETERS',
    });
    assert.deepEqual(await sup.fault('supervisor.__proto__'), { code: 1, text: 'UNKNOWN_METHOD' });
    assert.deepEqual(await sup.fault('supervisor.reloadConfig'), {
      code: 92,
      text: 'CANT_REREAD: this supervisor was not loaded from a configuration file',
    });
  });

  it("group and all: one result per process acted on, supervisord's status codes", async () => {
    await using sup = await setup();
    assert.deepEqual(await sup.call('supervisor.stopProcessGroup', 'w'), [
      { name: 'w_0', group: 'w', status: 80, description: 'OK' },
      { name: 'w_1', group: 'w', status: 80, description: 'OK' },
    ]);
    assert.deepEqual(await sup.call('supervisor.stopProcessGroup', 'w'), [], 'none running');
    const started = (await sup.call('supervisor.startAllProcesses')) as {
      name: string;
      status: number;
    }[];
    assert.deepEqual(started.map((r) => [r.name, r.status]).sort(), [
      ['off', 80],
      ['w_0', 80],
      ['w_1', 80],
    ]);
    assert.equal(sup.get('off')?.state, 'RUNNING');
    const stopped = (await sup.call('supervisor.stopAllProcesses')) as { name: string }[];
    assert.equal(stopped.length, 4);
    for (const p of sup.programs) assert.equal(p.state, 'STOPPED');
  });

  it('signals go to the process; stdin reaches it; "group:*" names the whole group', async () => {
    await using sup = await setup();
    assert.equal(await sup.call('supervisor.signalProcess', 'web', '1'), true);
    assert.deepEqual(sup.driver.runs[0]?.signals, ['SIGHUP']);
    const results = (await sup.call('supervisor.signalProcess', 'w:*', 'USR1')) as {
      status: number;
    }[];
    assert.deepEqual(
      results.map((r) => r.status),
      [80, 80],
    );
    assert.equal(await sup.call('supervisor.sendProcessStdin', 'web', 'hello\n'), true);
    assert.deepEqual(sup.driver.runs[0]?.written, ['hello\n']);
  });

  it('readOnly refuses state changes, allows reads; multicall runs in order and carries faults', async () => {
    await using sup = await setup({ readOnly: true });
    assert.deepEqual(await sup.fault('supervisor.stopProcess', 'web'), {
      code: 30,
      text: 'FAILED: supervisor.stopProcess refused: this control server is read-only',
    });
    assert.equal(sup.get('web')?.state, 'RUNNING');
    assert.deepEqual(
      await sup.call('system.multicall', [
        { methodName: 'supervisor.getAPIVersion', params: [] },
        { methodName: 'system.multicall', params: [] },
        { methodName: 'supervisor.getProcessInfo', params: ['nope'] },
      ]),
      [
        ['3.0'],
        { faultCode: 2, faultString: 'INCORRECT_PARAMETERS: Recursive system.multicall forbidden' },
        { faultCode: 10, faultString: 'BAD_NAME: nope' },
      ],
    );
    assert.deepEqual(await sup.call('system.methodSignature', 'supervisor.startProcess'), [
      'boolean',
      'string',
      'boolean',
    ]);
  });

  it('removeProcessGroup: STILL_RUNNING while a member runs, then removed', async () => {
    await using sup = await setup();
    assert.deepEqual(await sup.fault('supervisor.removeProcessGroup', 'w'), {
      code: 91,
      text: 'STILL_RUNNING: w',
    });
    await sup.call('supervisor.stopProcessGroup', 'w');
    assert.equal(await sup.call('supervisor.removeProcessGroup', 'w'), true);
    assert.equal(sup.group('w'), undefined);
    assert.deepEqual(await sup.fault('supervisor.addProcessGroup', 'web'), {
      code: 90,
      text: 'ALREADY_ADDED: web',
    });
  });

  it('process logs without a file read from the lines kept in memory; tail answers as supervisord', async () => {
    await using sup = await setup();
    const run = sup.driver.runs[0];
    run?.stdout.write('one\ntwo\n');
    await sup
      .get('web')
      ?.waitForLine(/two/, { since: 'tail' } as never)
      .catch(() => {});
    await new Promise((r) => setImmediate(r));
    assert.equal(await sup.call('supervisor.readProcessStdoutLog', 'web', -4, 0), 'two\n');
    assert.deepEqual(await sup.call('supervisor.tailProcessStdoutLog', 'web', 0, 100), [
      '',
      0,
      false,
    ]);
    assert.deepEqual(await sup.fault('supervisor.readProcessStdoutLog', 'web', -4, 2), {
      code: 3,
      text: 'BAD_ARGUMENTS',
    });
  });
});
