import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { eventually } from '../helpers/deadline.js';
import {
  fixture,
  isAlive,
  nodeFixture,
  readPidFile,
  tempDir,
  testSupervisor,
  waitGone,
} from '../helpers/processes.js';

const run = promisify(execFile);

describe('Supervisor', () => {
  it('starts in ascending priority, a level after the previous is RUNNING; stops in descending', async () => {
    await using sup = testSupervisor();
    const order: string[] = [];
    sup.on('state', (c) => {
      if (c.to === 'STARTING' || c.to === 'RUNNING' || c.to === 'STOPPING' || c.to === 'STOPPED')
        order.push(`${c.name}:${c.to}`);
    });
    const cmd = nodeFixture('sleep-forever.js');
    sup.add({ name: 'web', command: cmd, priority: 300, startSecs: 0.1 });
    sup.add({ name: 'db', command: cmd, priority: 100, startSecs: 0.1 });
    sup.add({ name: 'cache', command: cmd, priority: 100, startSecs: 0.1 });
    sup.add({ name: 'manual', command: cmd, autostart: false });
    const results = await sup.start();
    assert.deepEqual(
      results.map((r) => [r.name, r.ok]),
      [
        ['db', true],
        ['cache', true],
        ['web', true],
      ],
    );
    const idx = (s: string) => {
      const i = order.indexOf(s);
      assert.notEqual(i, -1, `no ${s} in ${order.join(', ')}`);
      return i;
    };
    assert.ok(
      idx('web:STARTING') > idx('db:RUNNING') && idx('web:STARTING') > idx('cache:RUNNING'),
    );
    assert.ok(
      idx('db:STARTING') < idx('cache:RUNNING') && idx('cache:STARTING') < idx('db:RUNNING'),
      `equal priorities start together: ${order.join(', ')}`,
    );
    assert.equal(sup.get('manual')?.state, 'STOPPED');
    order.length = 0;
    await sup.stop();
    assert.ok(
      idx('web:STOPPED') < idx('db:STOPPING') && idx('web:STOPPED') < idx('cache:STOPPING'),
    );
  });

  it('a level whose program gives up does not block the next level', async () => {
    await using sup = testSupervisor();
    sup.add({ name: 'broken', command: 'no-such-binary', priority: 1, startRetries: 0 });
    sup.add({ name: 'after', command: nodeFixture('sleep-forever.js'), priority: 2, startSecs: 0 });
    const results = await sup.start();
    assert.deepEqual(
      results.map((r) => [r.name, r.ok, r.state]),
      [
        ['broken', false, 'FATAL'],
        ['after', true, 'RUNNING'],
      ],
    );
    assert.equal(results[0]?.error?.message.includes("can't find command"), true);
  });

  it('shutdown turns BACKOFF into FATAL, as supervisord', async () => {
    await using sup = testSupervisor();
    const p = sup.add({
      name: 'b',
      command: nodeFixture('exit-with.js', 1),
      backoff: { type: 'linear', stepSecs: 30 },
    });
    void p.start().catch(() => {});
    await p.waitFor('BACKOFF', { timeoutMs: 5000 });
    await sup.stop();
    assert.equal(p.state, 'FATAL');
  });

  it('add() rejects duplicates and bad options before anything runs; get/remove by name', async () => {
    await using sup = testSupervisor();
    sup.add({ name: 'one', command: nodeFixture('sleep-forever.js'), startSecs: 0 });
    assert.throws(() => sup.add({ name: 'one', command: 'x' }), { code: 'ALREADY_ADDED' });
    assert.throws(() => sup.add({ name: 'two', command: 'x', startSecs: -1 }), {
      code: 'INVALID_OPTION',
    });
    assert.equal(sup.get('two'), undefined);
    await sup.start();
    const pid = sup.get('one')?.pid ?? 0;
    await sup.remove('one');
    assert.equal(sup.get('one'), undefined);
    assert.ok(!isAlive(pid));
    await assert.rejects(sup.remove('one'), { code: 'BAD_NAME' });
  });

  it('a memory limit with sampling off is refused: it would never act', async () => {
    await using sup = testSupervisor({ sampleIntervalMs: 0 });
    assert.throws(() => sup.add({ name: 'capped', command: 'node -v', memoryLimit: '100MB' }), {
      code: 'INVALID_OPTION',
      message:
        /Invalid option "memoryLimit" of program "capped": got "with sampleIntervalMs: 0"\. Limits are enforced by sampling/,
    });
    assert.equal(sup.programs.length, 0);
  });

  it('two programs writing one log file are refused; templates give pool members their own', async () => {
    await using dir = await tempDir();
    await using sup = testSupervisor({ logDir: dir.path });
    sup.add({ name: 'a', command: 'node -v', stdoutLogfile: 'shared.log', autostart: false });
    assert.throws(() => sup.add({ name: 'b', command: 'node -v', stdoutLogfile: 'shared.log' }), {
      code: 'INVALID_OPTION',
      message: /"a:a" already writes to this file/,
    });
    assert.throws(
      () =>
        sup.addPool({
          name: 'w',
          command: 'node -v',
          numprocs: 2,
          processName: 'w%(process_num)d',
          stdoutLogfile: 'w.log',
        }),
      { code: 'INVALID_OPTION', message: /"w:w0" already writes to this file/ },
    );
    const pool = sup.addPool({
      name: 'w',
      command: 'node -v',
      numprocs: 2,
      processName: 'w%(process_num)d',
      stdoutLogfile: 'w%(process_num)d.log',
      autostart: false,
    });
    assert.deepEqual(
      pool.info().map((i) => i.stdoutLogfile),
      [join(dir.path, 'w0.log'), join(dir.path, 'w1.log')],
    );
    assert.equal(sup.get('a')?.info().stdoutLogfile, join(dir.path, 'shared.log'));
  });

  it('programs added after start() autostart', async () => {
    await using sup = testSupervisor();
    await sup.start();
    const p = sup.add({ name: 'late', command: nodeFixture('sleep-forever.js'), startSecs: 0 });
    await p.waitFor('RUNNING', { timeoutMs: 5000 });
  });

  it('the child gets the environment, directory, umask and SUPERVISOR_* variables', async () => {
    await using sup = testSupervisor();
    const p = sup.add({
      name: 'env',
      command: nodeFixture(
        'print-env.js',
        'SUPERVISOR_ENABLED',
        'SUPERVISOR_PROCESS_NAME',
        'SUPERVISOR_GROUP_NAME',
        'MY_VAR',
        'HOME',
      ),
      environment: { MY_VAR: 'hello world' },
      inheritEnvironment: false,
      directory: '/tmp',
      umask: '027',
      startSecs: 0,
    });
    await p.start();
    const { stdout } = await run('cat', [`/proc/${p.pid}/environ`]);
    const env = stdout.split('\0');
    assert.ok(env.includes('SUPERVISOR_ENABLED=1'));
    assert.ok(env.includes('SUPERVISOR_PROCESS_NAME=env'));
    assert.ok(env.includes('SUPERVISOR_GROUP_NAME=env'));
    assert.ok(env.includes('MY_VAR=hello world'));
    assert.ok(!env.some((e) => e.startsWith('HOME=')), 'inheritEnvironment: false');
    const { stdout: cwd } = await run('readlink', [`/proc/${p.pid}/cwd`]);
    assert.equal(cwd.trim(), '/tmp');
    const status = await run('grep', ['Umask', `/proc/${p.pid}/status`]);
    assert.match(status.stdout, /0027/);
  });

  it('write() goes to stdin; signal() goes to the pid and changes no state', async () => {
    await using sup = testSupervisor();
    const p = sup.add({
      name: 'io',
      command: nodeFixture('echo-stdin.js'),
      startSecs: 0,
      autorestart: false,
    });
    await p.start();
    await p.write('hello\n');
    const echoed = await p.waitForLine(/hello/, { timeoutMs: 5000 });
    assert.equal(echoed.line.line, 'got:hello');
    p.signal('SIGCONT');
    assert.equal(p.state, 'RUNNING');
    assert.throws(() => p.signal('NOPE'), {
      code: 'INVALID_OPTION',
      message: /Invalid option "signal" of program "io": got "NOPE"/,
    });
    p.signal('TERM');
    await p.waitFor('EXITED', { timeoutMs: 5000 });
    await assert.rejects(p.write('late'), { code: 'NOT_RUNNING' });
    assert.throws(() => p.signal('HUP'), { code: 'NOT_RUNNING' });
  });

  it('a throwing listener cannot break the supervisor: it becomes an error event', async () => {
    await using sup = testSupervisor();
    const errors: string[] = [];
    sup.on('error', (e) => errors.push(e.error.message));
    sup.on('state', () => {
      throw new Error('listener bug');
    });
    const p = sup.add({ name: 'sturdy', command: nodeFixture('sleep-forever.js'), startSecs: 0 });
    await p.start();
    assert.equal(p.state, 'RUNNING');
    assert.ok(errors.some((m) => /A listener for "state" threw: Error: listener bug/.test(m)));
  });

  it('the state is set before its event fires', async () => {
    await using sup = testSupervisor();
    const seen: string[] = [];
    const p = sup.add({ name: 's', command: nodeFixture('sleep-forever.js'), startSecs: 0 });
    p.on('state', (c) => seen.push(`${c.to}=${p.state}`));
    await p.start();
    assert.deepEqual(seen, ['STARTING=STARTING', 'RUNNING=RUNNING']);
  });

  it('info() is supervisord-like, sorted by group then name', async () => {
    await using sup = testSupervisor();
    sup.add({ name: 'b', command: nodeFixture('sleep-forever.js'), startSecs: 0 });
    sup.add({ name: 'a', command: nodeFixture('sleep-forever.js'), autostart: false });
    await sup.start();
    const [a, b] = sup.info();
    assert.equal(a?.name, 'a');
    assert.equal(a?.description, 'Not started');
    assert.match(b?.description ?? '', /^pid \d+, uptime 0:00:0\d$/);
    assert.equal(b?.stateCode, 20);
  });
});

describe('the host process ending', () => {
  const host = fileURLToPath(new URL('../fixtures/host-with-children.ts', import.meta.url));

  for (const how of ['exit', 'SIGTERM', 'SIGINT'] as const) {
    it(`children do not outlive the host (${how})`, async () => {
      const child = execFile(process.execPath, [
        '--import',
        'tsx',
        host,
        how,
        fixture('sleep-forever.js'),
      ]);
      let out = '';
      child.stdout?.on('data', (d) => {
        out += d;
      });
      const done = new Promise<number | null>((resolve) =>
        child.on('exit', (code) => resolve(code)),
      );
      await eventually(
        () => /pids (\d+) (\d+)/.test(out),
        `the host's pids (got ${JSON.stringify(out)})`,
      );
      const [, a, b] = /pids (\d+) (\d+)/.exec(out) ?? [];
      if (how !== 'exit') child.kill(how);
      await done;
      for (const pid of [Number(a), Number(b)]) {
        const gone = await waitGone(pid, 3000);
        if (!gone) process.kill(pid, 'SIGKILL');
        assert.ok(gone, `pid ${pid} outlived the host (${how})`);
      }
      if (how !== 'exit') assert.match(out, /stopped gracefully/);
    });
  }

  it('children do not outlive a SIGKILLed host (the watchdog kills their groups)', async () => {
    await using dir = await tempDir();
    const pidFile = join(dir.path, 'gc.pid');
    const killedHost = fileURLToPath(new URL('../fixtures/host-killed.ts', import.meta.url));
    const child = execFile(process.execPath, [
      '--import',
      'tsx',
      killedHost,
      fixture('sleep-forever.js'),
      fixture('spawn-grandchild.js'),
      pidFile,
    ]);
    let out = '';
    child.stdout?.on('data', (d) => {
      out += d;
    });
    await eventually(
      () => /pids (\d+) (\d+)/.test(out),
      `the host's pids (got ${JSON.stringify(out)})`,
    );
    const [, a, b] = /pids (\d+) (\d+)/.exec(out) ?? [];
    const grandchild = await readPidFile(pidFile);
    child.kill('SIGKILL');
    const survivors = [];
    for (const pid of [Number(a), Number(b), grandchild]) {
      if (await waitGone(pid, 5000)) continue;
      survivors.push(pid);
      process.kill(pid, 'SIGKILL');
    }
    assert.deepEqual(survivors, [], 'processes outlived the SIGKILLed host');
  });
});
