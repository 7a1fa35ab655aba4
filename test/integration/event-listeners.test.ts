import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadSupervisordConfig, type ProgramOptions } from '../../src/index.js';
import { fixture, nodeFixture, tempDir, testSupervisor } from '../helpers/processes.js';
import { PYTHON, pythonMissing } from '../helpers/python-supervisor.js';
import { startSupervisord, supervisordMissing } from '../helpers/supervisord.js';

const SCRIPTS = '/usr/lib/python3/dist-packages/supervisor/scripts';
const SAMPLE = `${SCRIPTS}/sample_eventlistener.py`;
const missing =
  supervisordMissing ?? pythonMissing ?? (existsSync(SAMPLE) ? undefined : `${SAMPLE} is missing`);

/** What sample_eventlistener.py writes to stderr: each header line and its payload. */
function received(text: string): { header: string; payload: string }[] {
  const out: { header: string; payload: string }[] = [];
  let rest = text;
  while (rest.length > 0) {
    const nl = rest.indexOf('\n');
    if (nl < 0) break;
    const header = rest.slice(0, nl);
    const len = Number(/len:(\d+)/.exec(header)?.[1]);
    const chars = [...rest.slice(nl + 1)];
    out.push({ header, payload: chars.slice(0, len).join('') });
    rest = chars.slice(len).join('');
  }
  return out;
}

/** The events about one program, with what differs between two runs (pids, serials) masked. */
function about(text: string, program: string): string[] {
  return received(text)
    .filter((e) => e.payload.startsWith(`processname:${program} `))
    .map(
      (e) =>
        `${e.header.replace(/serial:\d+/g, 'serial:N')}\n${e.payload.replace(/pid:\d+/, 'pid:P')}`,
    );
}

async function waitForText(file: string, pattern: RegExp, ms = 15_000): Promise<string> {
  const deadline = Date.now() + ms;
  for (;;) {
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    if (pattern.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`${file} never matched ${pattern}: ${text}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const listenerConf = (dir: string) => `[eventlistener:sample]
command=${PYTHON} -u ${SAMPLE}
events=PROCESS_STATE
stdout_logfile=NONE
stderr_logfile=${dir}/sample.err
startsecs=0

[program:crash]
command=/bin/sh -c "sleep 0.5; exit 3"
startsecs=0
autorestart=false
startretries=0
`;

describe("event listeners: supervisord's protocol, with listeners nobody here wrote", () => {
  it("Debian's sample_eventlistener.py gets a crash exactly as supervisord sends it", {
    skip: missing,
  }, async () => {
    await using ref = await tempDir();
    await using ours = await tempDir();
    const daemonConf = join(ref.path, 'supervisord.conf');
    writeFileSync(
      daemonConf,
      `[supervisord]\nnodaemon=true\nlogfile=${ref.path}/supervisord.log\npidfile=${ref.path}/supervisord.pid\nchildlogdir=${ref.path}\n\n${listenerConf(ref.path)}`,
    );
    const oursConf = join(ours.path, 'listener.conf');
    writeFileSync(oursConf, listenerConf(ours.path));
    // The header is enough: the payload has no newline, so overseer's line-based log holds it
    // until the listener's stderr ends (supervisord writes raw chunks). Both are read after stop.
    const exited = /eventname:PROCESS_STATE_EXITED len:\d+\n/;

    await using daemon = startSupervisord(daemonConf, ref.path);
    const loaded = loadSupervisordConfig(oursConf);
    await using sup = testSupervisor(loaded.options);
    await sup.update(loaded.config);
    await sup.start();
    await Promise.all([
      waitForText(join(ref.path, 'sample.err'), exited),
      waitForText(join(ours.path, 'sample.err'), exited),
    ]);
    const [left] = await Promise.all([daemon.stop(), sup.stop()]);
    assert.deepEqual(left, [], 'supervisord left no process behind');
    const theirs = readFileSync(join(ref.path, 'sample.err'), 'utf8');
    const mine = readFileSync(join(ours.path, 'sample.err'), 'utf8');
    const expected = about(theirs, 'crash');
    assert.equal(expected.length, 3, theirs);
    assert.deepEqual(about(mine, 'crash'), expected);
    assert.match(
      expected[2] ?? '',
      /^ver:3\.0 server:supervisor serial:N pool:sample poolserial:N eventname:PROCESS_STATE_EXITED len:\d+\nprocessname:crash groupname:crash from_state:RUNNING expected:0 pid:P$/,
    );
  });

  const CHILDUTILS = fixture('childutils-listener.py');
  const crash = {
    name: 'crash',
    command: ['/bin/sh', '-c', 'sleep 0.3; exit 3'],
    startSecs: 0,
    autorestart: false,
    startRetries: 0,
  };
  const records = (file: string) =>
    readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, string> & { headers: Record<string, string> });

  async function runListener(
    mode: string,
    events: string[],
    programs: ProgramOptions[],
    until: RegExp,
  ) {
    await using dir = await tempDir();
    const out = join(dir.path, 'events.jsonl');
    await using sup = testSupervisor();
    sup.addEventListener({
      name: 'cu',
      command: [PYTHON, '-u', CHILDUTILS, out, mode],
      events,
      startSecs: 0,
      stdoutLogfile: 'NONE',
    });
    for (const p of programs) sup.add(p);
    await sup.start();
    await waitForText(out, until);
    await sup.stop();
    return records(out);
  }

  it('a supervisor.childutils listener gets PROCESS_STATE events and a FAIL makes the event come again', {
    skip: pythonMissing,
  }, async () => {
    const got = await runListener(
      'fail-first:PROCESS_STATE_EXITED',
      ['PROCESS_STATE_EXITED'],
      [crash],
      /"eventname": "PROCESS_STATE_EXITED".*\n.*"eventname": "PROCESS_STATE_EXITED"/,
    );
    const exits = got.filter((e) => e.eventname === 'PROCESS_STATE_EXITED');
    assert.equal(exits.length, 2);
    assert.equal(exits[0]?.serial, exits[1]?.serial, 'the same event, resent');
    assert.deepEqual(
      { ...exits[0]?.headers, pid: 'P' },
      { processname: 'crash', groupname: 'crash', from_state: 'RUNNING', expected: '0', pid: 'P' },
    );
  });

  it('a listener that dies while BUSY gets the same event again once restarted', {
    skip: pythonMissing,
  }, async () => {
    const got = await runListener(
      'crash-first:PROCESS_STATE_EXITED',
      ['PROCESS_STATE_EXITED'],
      [crash],
      /"eventname": "PROCESS_STATE_EXITED".*\n(.*\n)*.*"eventname": "PROCESS_STATE_EXITED", "serial"/,
    );
    const exits = got.filter(
      (e) => e.eventname === 'PROCESS_STATE_EXITED' && e.headers.processname === 'crash',
    );
    assert.equal(exits.length, 2);
    assert.equal(exits[0]?.serial, exits[1]?.serial);
  });

  it("capture mode: sample_commevent.py's PROCESS_COMMUNICATION_STDOUT, kept out of the log file", {
    skip: pythonMissing,
  }, async () => {
    await using dir = await tempDir();
    const log = join(dir.path, 'comm.log');
    const comm = {
      name: 'comm',
      command: [PYTHON, '-u', `${SCRIPTS}/sample_commevent.py`, '0.2'],
      startSecs: 0,
      stdoutCaptureMaxbytes: '1MB',
      stdoutLogfile: log,
    };
    const got = await runListener(
      'ok',
      ['PROCESS_COMMUNICATION'],
      [comm],
      /PROCESS_COMMUNICATION_STDOUT/,
    );
    assert.equal(got[0]?.eventname, 'PROCESS_COMMUNICATION_STDOUT');
    assert.equal(got[0]?.data, 'the data');
    assert.equal(got[0]?.headers.processname, 'comm');
    assert.equal(
      existsSync(log) ? readFileSync(log, 'utf8') : '',
      '',
      'captured output is not logged',
    );
  });

  it('stdoutEventsEnabled: PROCESS_LOG_STDOUT with the output as written', {
    skip: pythonMissing,
  }, async () => {
    const printer = {
      name: 'printer',
      command: nodeFixture('print-lines.js', 2),
      startSecs: 0,
      autorestart: false,
      stdoutEventsEnabled: true,
    };
    const got = await runListener('ok', ['PROCESS_LOG'], [printer], /line 2/);
    const data = got
      .filter((e) => e.eventname === 'PROCESS_LOG_STDOUT')
      .map((e) => e.data)
      .join('');
    assert.equal(data, 'line 1\nline 2\n');
    assert.equal(got[0]?.headers.channel, 'stdout');
  });
});
