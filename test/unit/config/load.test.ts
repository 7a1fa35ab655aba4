import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ConfigError } from '../../../src/config/errors.js';
import { loadSupervisordConfig, parseSupervisordConfig } from '../../../src/config/load.js';
import type { PoolOptions } from '../../../src/supervisor/pool.js';
import { tutorialConf } from '../../helpers/tutorial-conf.js';

const root = mkdtempSync(join(tmpdir(), 'overseer-config-'));
after(() => rmSync(root, { recursive: true, force: true }));

function write(path: string, text: string): string {
  const file = join(root, path);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, text);
  return file;
}

const byName = (programs: readonly PoolOptions[], name: string) => {
  const p = programs.find((x) => x.name === name);
  assert.ok(p, `program ${name}`);
  return p;
};

describe('config/load: supervisord.conf files', () => {
  it('reads the three tutorial configurations', () => {
    const file = write('tutorials/tutorials.conf', tutorialConf({ user: 'root' }));
    const dir = join(root, 'tutorials');
    const { config, warnings, files, options } = loadSupervisordConfig(file);
    assert.deepEqual(files, [file]);
    assert.deepEqual(warnings, []);
    assert.deepEqual(options, { configFile: file });
    assert.deepEqual(byName(config.programs, 'webhook'), {
      name: 'webhook',
      command: ['/usr/bin/node', `${dir}/http.js`],
      directory: dir,
      autostart: true,
      autorestart: true,
      startRetries: 3,
      stderrLogfile: `${dir}/webhook.err.log`,
      stdoutLogfile: `${dir}/webhook.log`,
    });
    const app = byName(config.programs, 'app');
    assert.equal(
      app.environment?.PATH,
      '/usr/local/bin:/usr/bin:/bin:/usr/local/games:/usr/games:/opt/node/bin',
    );
    assert.equal(app.stdoutLogfileMaxbytes, 2 * 1024 * 1024);
    assert.equal(app.stdoutLogfileBackups, 5);
    assert.equal(app.redirectStderr, true);
    const test1 = byName(config.programs, 'test1');
    assert.equal(test1.autostart, false);
    assert.equal(test1.autorestart, false);
    assert.equal(test1.priority, 50);
    assert.equal(test1.user, 'root');
  });

  it('refuses a user that does not exist, as supervisord does, naming file and line', () => {
    const file = write('user.conf', '[program:test1]\ncommand=/bin/ls\nuser=no-such-user-here\n');
    assert.throws(
      () => loadSupervisordConfig(file),
      (e: ConfigError) =>
        e instanceof ConfigError &&
        e.code === 'INVALID_CONFIG' &&
        e.file === file &&
        e.line === 3 &&
        e.section === 'program:test1' &&
        e.key === 'user' &&
        e.message.startsWith(`${file}:3 [program:test1] user: got "no-such-user-here".`),
    );
  });

  it('names file, line, section and key of an invalid value', () => {
    const cases: [string, number, string, RegExp][] = [
      ['autostart=maybe', 3, 'autostart', /true\/false, yes\/no/],
      ['stdout_logfile_maxbytes=10XB', 3, 'stdout_logfile_maxbytes', /KB, MB or GB/],
      ['exitcodes=0,256', 3, 'exitcodes', /0-255/],
      ['stopsignal=NOPE', 3, 'stopsignal', /signal name/],
      ['startsecs=%(process_num)d', 3, 'startsecs', /process_num/],
      ['environment=A="x', 3, 'environment', /No closing quotation/],
      ['stdout_logfile=/no/such/dir/x.log', 3, 'stdout_logfile', /does not exist/],
    ];
    for (const [line, at, key, fix] of cases) {
      const text = `[program:web]\ncommand=/bin/true\n${line}\n`;
      assert.throws(
        () => parseSupervisordConfig(text, { here: root, file: 'web.conf' }),
        (e: ConfigError) =>
          e instanceof ConfigError && e.line === at && e.key === key && fix.test(e.message),
        line,
      );
    }
  });

  it("maps an error from overseer's own validation back to the key", () => {
    const text = '[program:web]\ncommand=/bin/true\nstopasgroup=true\nkillasgroup=false\n';
    assert.throws(
      () => parseSupervisordConfig(text, { here: root }),
      (e: ConfigError) => e instanceof ConfigError && e.key === 'killasgroup' && e.line === 4,
    );
  });

  it('warns about unknown keys with a did-you-mean, and about daemon-only keys', () => {
    const text =
      '[supervisord]\nlogfile=/tmp/x.log\nchildlogdir=/tmp\n[program:web]\ncommand=/bin/true\nautorestrat=true\n[fcgi-program:f]\ncommand=x\n[supervisorctl]\nserverurl=unix:///tmp/s\n';
    const { warnings, options } = parseSupervisordConfig(text, { here: root });
    assert.equal(options.logDir, '/tmp');
    const messages = warnings.map((w) => w.message);
    assert.ok(
      messages.some((m) =>
        /:6 \[program:web\] autorestrat: .*Did you mean "autorestart"\?/.test(m),
      ),
      messages.join('\n'),
    );
    assert.ok(messages.some((m) => /\[supervisord\] logfile: "logfile" has no effect/.test(m)));
    assert.ok(messages.some((m) => /\[fcgi-program:f\] is not supported/.test(m)));
    assert.equal(messages.length, 3);
  });

  it('reads [group:x], [eventlistener:x], numprocs templates and the control sections', () => {
    const text = `[inet_http_server]
port=127.0.0.1:9001
username=user
password=123
[unix_http_server]
file=%(here)s/s.sock
chmod=0770
[group:site]
programs=web,worker
priority=10
[program:web]
command=/bin/web --port=80%(process_num)02d
process_name=%(program_name)s_%(process_num)02d
numprocs=3
environment=SLOT="%(process_num)d",GROUP=%(group_name)s,HOST="%(host_node_name)s"
[program:worker]
command=/bin/worker %(ENV_WORKER_ARG)s
[eventlistener:crashmail]
command=/usr/bin/crashmail -a
events=PROCESS_STATE_EXITED,tick_60
buffer_size=50
`;
    const { config, control, warnings } = parseSupervisordConfig(text, {
      here: root,
      env: { WORKER_ARG: 'fast' },
    });
    assert.deepEqual(warnings, []);
    assert.deepEqual(control, {
      host: '127.0.0.1',
      port: 9001,
      username: 'user',
      password: '123',
      unix: { file: `${root}/s.sock`, chmod: 0o770 },
    });
    assert.deepEqual(config.groups, [{ name: 'site', programs: ['web', 'worker'], priority: 10 }]);
    const web = byName(config.programs, 'web');
    assert.deepEqual(web.command, ['/bin/web', '--port=80%(process_num)02d']);
    assert.equal(web.processName, 'web_%(process_num)02d');
    assert.equal(web.numprocs, 3);
    assert.equal(web.environment?.SLOT, '%(process_num)d');
    assert.equal(web.environment?.GROUP, 'site');
    assert.deepEqual(byName(config.programs, 'worker').command, ['/bin/worker', 'fast']);
    const listener = byName(config.programs, 'crashmail');
    assert.deepEqual(listener.eventListener, {
      events: ['PROCESS_STATE_EXITED', 'TICK_60'],
      bufferSize: 50,
    });
    assert.equal(listener.priority, -1);
  });

  it('rejects a listener without events, an unknown event type, and redirect_stderr', () => {
    const base = '[eventlistener:l]\ncommand=/bin/cat\n';
    assert.throws(() => parseSupervisordConfig(base, { here: root }), /requires an events= line/);
    assert.throws(
      () => parseSupervisordConfig(`${base}events=NOPE\n`, { here: root }),
      /:3 \[eventlistener:l\] events: .*Unknown event type NOPE/,
    );
    assert.throws(
      () => parseSupervisordConfig(`${base}events=TICK_5\nredirect_stderr=true\n`, { here: root }),
      /interfere/,
    );
  });

  it('follows [include] globs relative to the including file, sorted, with %(here)s per file', () => {
    const main = write('inc/main.conf', '[include]\nfiles = conf.d/*.conf  extra/none-*.ini\n');
    write('inc/conf.d/b.conf', '[program:b]\ncommand=%(here)s/b\n');
    write(
      'inc/conf.d/a.conf',
      '[program:a]\ncommand=%(here)s/a\n[include]\nfiles=../nested/*.conf\n',
    );
    write('inc/nested/c.conf', '[program:c]\ncommand=/bin/c\n');
    write('inc/conf.d/skip.txt', '[program:skip]\ncommand=x\n');
    const { config, files, warnings } = loadSupervisordConfig(main);
    assert.deepEqual(files, [
      main,
      join(root, 'inc/conf.d/a.conf'),
      join(root, 'inc/nested/c.conf'),
      join(root, 'inc/conf.d/b.conf'),
    ]);
    assert.deepEqual(
      config.programs.map((p) => [p.name, p.command]),
      [
        // supervisord's order of groups: priority, then name
        ['a', [join(root, 'inc/conf.d/a')]],
        ['b', [join(root, 'inc/conf.d/b')]],
        ['c', ['/bin/c']],
      ],
    );
    assert.match(warnings[0]?.message ?? '', /No file matches via include ".*extra\/none-\*\.ini"/);
  });

  const stock = '/etc/supervisor/supervisord.conf';
  it("reads Debian's stock supervisord.conf with a conf.d include", {
    skip: existsSync(stock) ? false : `${stock} is not installed`,
  }, () => {
    const dir = join(root, 'debian');
    const text = readFileSync(stock, 'utf8')
      .replaceAll('/etc/supervisor/conf.d/', 'conf.d/')
      .replaceAll('/var/run/', `${dir}/`)
      .replaceAll('/var/log/supervisor', dir);
    const main = write('debian/supervisord.conf', text);
    write(
      'debian/conf.d/web.conf',
      `; templates and environment quoting, as in supervisord's documentation
[program:web]
command=/usr/bin/node %(here)s/server.js --name %(program_name)s_%(process_num)d
process_name=%(program_name)s_%(process_num)02d
numprocs=2
numprocs_start=1
environment=NODE_ENV="production",GREETING="hello, world",HOME_DIR="%(ENV_HOME)s",EMPTY=""
stdout_logfile=AUTO
stdout_logfile_maxbytes=1MB
stderr_logfile=NONE
`,
    );
    const { config, options, control, files, warnings } = loadSupervisordConfig(main, {
      env: { HOME: '/home/u' },
    });
    assert.equal(files.length, 2);
    assert.equal(options.logDir, dir);
    assert.deepEqual(control, { unix: { file: `${dir}/supervisor.sock`, chmod: 0o700 } });
    assert.deepEqual(
      warnings.map((w) => w.key),
      ['logfile', 'pidfile'],
    );
    const web = byName(config.programs, 'web');
    assert.deepEqual(web.environment, {
      NODE_ENV: 'production',
      GREETING: 'hello, world',
      HOME_DIR: '/home/u',
      EMPTY: '',
    });
    assert.deepEqual(web.command, [
      '/usr/bin/node',
      `${dir}/conf.d/server.js`,
      '--name',
      'web_%(process_num)d',
    ]);
    assert.equal(web.numprocsStart, 1);
    assert.equal(web.stdoutLogfile, 'AUTO');
    assert.equal(web.stderrLogfile, 'NONE');
  });

  it('reports a missing file with its path', () => {
    assert.throws(
      () => loadSupervisordConfig(join(root, 'missing.conf')),
      /missing\.conf: The file does not exist/,
    );
  });
});
