import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import {
  AbnormalTerminationError,
  type ConfigError,
  loadSupervisordConfig,
} from '../../src/index.js';
import { fixture, isAlive, readPidFile, tempDir, testSupervisor } from '../helpers/processes.js';
import { startSupervisord, supervisordMissing } from '../helpers/supervisord.js';
import { tutorialConf } from '../helpers/tutorial-conf.js';

const fetchText = (port: number) =>
  new Promise<string>((resolve, reject) => {
    get({ host: '127.0.0.1', port, path: '/' }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve(body));
    }).on('error', reject);
  });

/** The issue's three tutorial configurations, paths pointed at `dir`, and a shell with a background sleep. */
function writeTutorials(dir: string): string {
  copyFileSync(fixture('http-server.js'), join(dir, 'http.js'));
  mkdirSync(join(dir, 'app'));
  writeFileSync(
    join(dir, 'app/package.json'),
    JSON.stringify({ name: 'app', private: true, scripts: { start: 'node server.js' } }),
  );
  copyFileSync(fixture('http-server.js'), join(dir, 'app/server.js'));
  writeFileSync(join(dir, 'app/.npmrc'), 'update-notifier=false\nfund=false\n');
  const nodeDir = dirname(process.execPath);
  const conf = `${tutorialConf({
    webhookCommand: `${process.execPath} %(here)s/http.js 0 %(here)s/webhook.pid`,
    appCommand: 'npm start -- 0 %(here)s/server.pid',
    appEnvironment: ',HOME="%(here)s"',
    nodeDir,
    user: process.getuid?.() === 0 ? 'root' : undefined,
  }).replace('directory=%(here)s\nautostart=true', 'directory=%(here)s/app\nautostart=true')}
[program:background]
command=/bin/sh -c "sleep 300 & echo $! > %(here)s/sleep.pid; wait"
startsecs=0
`;
  const file = join(dir, 'tutorials.conf');
  writeFileSync(file, conf);
  return file;
}

describe('supervisord.conf files run as they are', () => {
  it('runs the three tutorial configurations; no npm child or background sleep outlives stop()', async () => {
    await using dir = await tempDir();
    const loaded = loadSupervisordConfig(writeTutorials(dir.path));
    assert.deepEqual(loaded.warnings, []);
    await using sup = testSupervisor(loaded.options);
    await sup.update(loaded.config);
    await sup.start();
    const webhook = sup.get('webhook');
    const app = sup.get('app');
    assert.equal(webhook?.state, 'RUNNING');
    assert.equal(app?.state, 'RUNNING');
    const port = Number(
      (await webhook.waitForLine(/listening on (\d+)/, { timeoutMs: 10_000 })).match[1],
    );
    assert.match(await fetchText(port), /^ok \d+/);
    // npm runs `node server.js` as its child: that grandchild must go with it.
    const server = await readPidFile(join(dir.path, 'server.pid'), 20_000);
    const sleeper = await readPidFile(join(dir.path, 'sleep.pid'));
    sup.track(server);
    sup.track(sleeper);
    assert.equal(sup.get('test1')?.state, 'STOPPED');
    await assert.rejects(sup.get('test1')?.start() as Promise<void>, AbnormalTerminationError);
    assert.equal(sup.get('test1')?.state, 'FATAL');
    await sup.stop();
    assert.equal(isAlive(server), false, 'node server.js under npm start is gone');
    assert.equal(isAlive(sleeper), false, "the shell's background sleep is gone");
    assert.match(readFileSync(join(dir.path, 'webhook.log'), 'utf8'), /listening on \d+/);
    assert.match(readFileSync(join(dir.path, 'node.log'), 'utf8'), /node server\.js/);
  });

  it('reread() and update() without an argument read the loaded file again', async () => {
    await using dir = await tempDir();
    const file = join(dir.path, 'supervisord.conf');
    const program = (name: string) =>
      `[program:${name}]\ncommand=${process.execPath} ${fixture('sleep-forever.js')}\nstartsecs=0\n`;
    writeFileSync(file, program('one'));
    const loaded = loadSupervisordConfig(file);
    await using sup = testSupervisor(loaded.options);
    await sup.update();
    await sup.start();
    writeFileSync(file, program('two'));
    const diff = sup.reread();
    assert.deepEqual([diff.added, diff.changed, diff.removed], [['two'], [], ['one']]);
    assert.equal(sup.get('two'), undefined, 'reread changes nothing');
    assert.equal(sup.get('one')?.state, 'RUNNING');
    await sup.update();
    assert.equal(sup.get('one'), undefined);
    await sup.get('two')?.waitFor('RUNNING', { timeoutMs: 5000 });
  });

  it('without a loaded file, update() and reread() ask for a configuration; a broken file changes nothing', async () => {
    await using plain = testSupervisor();
    assert.throws(() => plain.reread(), /Pass a configuration, or create the supervisor/);
    await assert.rejects(plain.update(), /Pass a configuration/);
    await using dir = await tempDir();
    const file = join(dir.path, 'supervisord.conf');
    writeFileSync(file, '[program:one]\ncommand=/bin/true\nautostart=false\n');
    const loaded = loadSupervisordConfig(file);
    await using sup = testSupervisor(loaded.options);
    await sup.update();
    writeFileSync(file, '[program:one]\ncommand=/bin/true\nautostart=perhaps\n');
    await assert.rejects(
      sup.update(),
      (e: ConfigError) => e.code === 'INVALID_CONFIG' && e.line === 3,
    );
    assert.equal(sup.get('one')?.config.autostart, false);
  });

  it("the same file under Debian's supervisord leaves npm's child and the background sleep behind (#1101)", {
    skip: supervisordMissing,
  }, async () => {
    await using dir = await tempDir();
    const conf = writeTutorials(dir.path);
    const daemonConf = join(dir.path, 'supervisord.conf');
    const d = dir.path;
    writeFileSync(
      daemonConf,
      `[supervisord]\nlogfile=${d}/supervisord.log\npidfile=${d}/supervisord.pid\n[include]\nfiles=${conf}\n`,
    );
    await using daemon = startSupervisord(daemonConf, d);
    const server = await readPidFile(join(d, 'server.pid'), 20_000);
    const sleeper = await readPidFile(join(d, 'sleep.pid'));
    const left = await daemon.stop();
    assert.ok(left.includes(server), 'supervisord left node server.js running');
    assert.ok(left.includes(sleeper), 'supervisord left the background sleep running');
  });
});
