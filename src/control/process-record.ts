/** supervisord's getProcessInfo struct from a ProcessInfo (times in epoch seconds). */
import type { ProcessInfo, Program } from '../index.js';
import type { RpcStruct } from './xmlrpc-codec.js';

const seconds = (ms: number) => Math.floor(ms / 1000);

export function processRecord(info: ProcessInfo): RpcStruct {
  return {
    name: info.name,
    group: info.group,
    start: seconds(info.start),
    stop: seconds(info.stop),
    now: seconds(info.now),
    state: info.stateCode,
    statename: info.state,
    spawnerr: info.spawnError,
    exitstatus: info.exitStatus,
    logfile: info.stdoutLogfile,
    stdout_logfile: info.stdoutLogfile,
    stderr_logfile: info.stderrLogfile,
    pid: info.pid,
    description: describe(info),
  };
}

/** As supervisord's _interpretProcessInfo: stop time as "Dec 01 09:45 AM" when stopped. */
function describe(info: ProcessInfo): string {
  if ((info.state === 'STOPPED' || info.state === 'EXITED') && info.start) {
    return stopTime(info.stop || info.now);
  }
  if ((info.state === 'FATAL' || info.state === 'BACKOFF') && !info.spawnError) {
    return `unknown error (try "tail ${info.name}")`;
  }
  return info.description;
}

const MONTHS = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');

function stopTime(ms: number): string {
  const d = new Date(ms);
  const h12 = d.getHours() % 12 || 12;
  const p = (n: number) => String(n).padStart(2, '0');
  const ampm = d.getHours() < 12 ? 'AM' : 'PM';
  return `${MONTHS[d.getMonth()]} ${p(d.getDate())} ${p(h12)}:${p(d.getMinutes())} ${ampm}`;
}

/** One program's entry of getAllConfigInfo (supervisorctl avail). */
export function configRecord(program: Program): RpcStruct {
  const c = program.config;
  return {
    name: c.name,
    group: c.group,
    inuse: true,
    autostart: c.autostart,
    command: c.argv.join(' '),
    directory: c.directory ?? 'none',
    uid: c.user === undefined ? 'none' : String(c.user),
    exitcodes: [...c.exitCodes],
    group_prio: c.priority,
    process_prio: c.priority,
    killasgroup: c.killAsGroup,
    redirect_stderr: c.logs.redirectStderr,
    startretries: c.startRetries,
    startsecs: c.startSecs,
    stopwaitsecs: c.stopWaitSecs,
    stdout_logfile: program.info().stdoutLogfile || 'none',
    stderr_logfile: program.info().stderrLogfile || 'none',
    serverurl: 'AUTO',
  };
}
