/**
 * The same supervisord.conf read by supervisord's own ServerOptions (Debian's package) and by
 * loadSupervisordConfig: every process, with every setting both have, must come out equal.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadSupervisordConfig } from '../../../src/config/load.js';
import { planConfig } from '../../../src/supervisor/config-plan.js';
import { PYTHON, pythonMissing } from '../../helpers/python-supervisor.js';
import { tutorialConf } from '../../helpers/tutorial-conf.js';

const dir = mkdtempSync(join(tmpdir(), 'overseer-differential-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const CONF = `[supervisord]
logfile=%(here)s/supervisord.log
childlogdir=%(here)s

[group:site]
programs=web,worker
priority=10

[program:web]
command=/bin/web --port=80%(process_num)02d "quoted arg" 'single %%' %(ENV_HOME)s
process_name=%(program_name)s_%(process_num)02d
numprocs=3
numprocs_start=1
environment=SLOT="%(process_num)d",GROUP=%(group_name)s,QUOTED="a, b",HOST=%(host_node_name)s
stdout_logfile=%(here)s/%(program_name)s-%(process_num)d.log
stdout_logfile_maxbytes=1MB
stdout_logfile_backups=3
autorestart=unexpected
exitcodes=0,2
stopsignal=INT ; inline comment

[program:worker]
command=/bin/sh -c "exec worker --flag=a;b"
autostart=false
priority=5
redirect_stderr=true
startsecs=0
startretries=7
stopwaitsecs=3
umask=022
directory=/tmp

[eventlistener:mail]
command=/bin/cat
events=PROCESS_STATE,TICK_60
buffer_size=20

${tutorialConf({ user: 'root' })}`;

/** supervisord's process configs, in the fields overseer has too. */
const PY = `
import json, shlex, signal
from supervisor.options import ServerOptions
from supervisor.datatypes import Automatic, RestartUnconditionally, RestartWhenExitUnexpected
o = ServerOptions()
o.configfile = ${JSON.stringify(join(dir, 'supervisord.conf'))}
o.process_config(do_usage=False)
def restart(v):
    return True if v is RestartUnconditionally else 'unexpected' if v is RestartWhenExitUnexpected else False
def logfile(v):
    return 'AUTO' if v is Automatic else 'NONE' if v is None else v
out = {}
for g in o.process_group_configs:
    for p in g.process_configs:
        out[g.name + ':' + p.name] = dict(
            argv=shlex.split(p.command), autostart=p.autostart, autorestart=restart(p.autorestart),
            startSecs=p.startsecs, startRetries=p.startretries, stopSignal=signal.Signals(p.stopsignal).name,
            stopWaitSecs=p.stopwaitsecs, exitCodes=p.exitcodes, environment=p.environment or {},
            directory=p.directory, stdout=logfile(p.stdout_logfile), maxBytes=p.stdout_logfile_maxbytes,
            backups=p.stdout_logfile_backups, redirectStderr=p.redirect_stderr, umask=p.umask)
print(json.dumps(out))
`;

describe('config: the same file through supervisord and through the loader', () => {
  it('gives every process the same settings', { skip: pythonMissing }, () => {
    const file = join(dir, 'supervisord.conf');
    writeFileSync(file, CONF);
    const env = { ...process.env, HOME: '/home/someone' };
    const res = spawnSync(PYTHON, ['-c', PY], { encoding: 'utf8', env });
    assert.equal(res.status, 0, res.stderr);
    const theirs = JSON.parse(res.stdout) as Record<string, Record<string, unknown>>;
    const plan = planConfig(loadSupervisordConfig(file, { env }).config);
    const ours: Record<string, Record<string, unknown>> = {};
    for (const [key, { config: c }] of plan.processes) {
      const stdout = c.logs.stdout.logfile;
      ours[key] = {
        argv: c.argv,
        autostart: c.autostart,
        autorestart: c.autorestart,
        startSecs: c.startSecs,
        startRetries: c.startRetries,
        stopSignal: c.stopSignal,
        stopWaitSecs: c.stopWaitSecs,
        exitCodes: c.exitCodes,
        environment: c.environment,
        directory: c.directory ?? null,
        stdout: stdout === undefined ? 'NONE' : stdout,
        maxBytes: c.logs.stdout.maxBytes,
        backups: c.logs.stdout.backups,
        redirectStderr: c.logs.redirectStderr,
        umask: c.umask ?? null,
      };
    }
    assert.deepEqual(Object.keys(ours).sort(), Object.keys(theirs).sort());
    for (const key of Object.keys(theirs)) assert.deepEqual(ours[key], theirs[key], key);
  });
});
