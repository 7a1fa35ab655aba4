import type { PoolOptions } from '../supervisor/pool.js';
import { expandUser, type LogfileName, logfileName, processName } from './datatypes.js';
import type { Expansion } from './expand.js';
import { type KeySpec, LISTENER_KEYS, PROGRAM_KEYS } from './program-keys.js';
import { environmentOf } from './section-environment.js';
import type { SectionReader } from './section-values.js';
import { shlexSplit } from './shlex.js';

/** Names expanded per process by the pool (`%(process_num)02d`), kept as templates here. */
export const MEMBER_NAMES: ReadonlySet<string> = new Set(['process_num', 'numprocs']);

export type SectionKind = 'program' | 'eventlistener';

/**
 * A [program:x] or [eventlistener:x] section as PoolOptions, as supervisord 4.2's
 * processes_from_section reads it. Throws ConfigError naming the key and its line.
 */
export function programFromSection(r: SectionReader, kind: SectionKind, group: string) {
  const name = sectionName(r);
  r.names.set('program_name', name);
  r.names.set('group_name', group);
  const table: Record<string, KeySpec> =
    kind === 'eventlistener' ? { ...PROGRAM_KEYS, ...LISTENER_KEYS } : { ...PROGRAM_KEYS };
  const ignored = Object.fromEntries(
    Object.entries(table).flatMap(([k, s]) => (s.ignored ? [[k, s.ignored]] : [])),
  );
  r.checkKeys(Object.keys(table), ignored);
  const options: Record<string, unknown> = { name };
  for (const [key, spec] of Object.entries(table)) {
    if (!spec.option || spec.loop || !spec.convert) continue;
    const value = r.value(key, spec.convert);
    if (value !== undefined) options[spec.option] = value;
  }
  const environment = environmentOf(r, MEMBER_NAMES);
  for (const [k, v] of Object.entries(environment)) r.names.set(`ENV_${k}`, { template: v });
  const serverUrl = r.text('serverurl', MEMBER_NAMES);
  if (serverUrl !== undefined && serverUrl.trim().toUpperCase() !== 'AUTO') {
    environment.SUPERVISOR_SERVER_URL = serverUrl;
  }
  if (Object.keys(environment).length > 0) options.environment = environment;
  readLoopKeys(r, options);
  if (kind === 'eventlistener' && options.redirectStderr === true) {
    throw r.error(
      'redirect_stderr',
      'An event listener cannot redirect stderr: it would interfere with the eventlistener protocol on stdout.',
    );
  }
  return options as unknown as PoolOptions & Record<string, unknown>;
}

function sectionName(r: SectionReader): string {
  const raw = r.section.name.slice(r.section.name.indexOf(':') + 1);
  try {
    return processName(raw);
  } catch (error) {
    throw r.error(undefined, `Bad section name: ${(error as Error).message}`);
  }
}

function readLoopKeys(r: SectionReader, options: Record<string, unknown>): void {
  const command = r.text('command', MEMBER_NAMES);
  if (command === undefined || command.trim() === '') {
    throw r.error('command', `[${r.section.name}] does not specify a command: add command=...`);
  }
  try {
    options.command = shlexSplit(command);
  } catch (error) {
    throw r.error('command', `${(error as Error).message}: check the quotes.`);
  }
  if ((options.command as string[]).length === 0) throw r.error('command', 'The command is empty.');
  const directory = r.text('directory', MEMBER_NAMES);
  if (directory !== undefined) options.directory = directory;
  const processName = r.text('process_name', MEMBER_NAMES);
  if (processName !== undefined) options.processName = processName;
  for (const stream of ['stdout', 'stderr'] as const) readLogfile(r, options, stream);
  if (options.redirectStderr === true && r.entry('stderr_logfile')) {
    const given = options.stderrLogfile;
    if (given !== 'AUTO' && given !== 'NONE') {
      r.warn(
        'stderr_logfile',
        'redirect_stderr=true but stderr_logfile is also set to a file; the file is ignored.',
      );
    }
    delete options.stderrLogfile;
  }
}

function readLogfile(
  r: SectionReader,
  options: Record<string, unknown>,
  stream: 'stdout' | 'stderr',
): void {
  const key = `${stream}_logfile`;
  const template = r.text(key, MEMBER_NAMES);
  if (template === undefined) {
    if (options[`${stream}LogfileMaxbytes`] === 0) autoWarning(r, key);
    return;
  }
  let name: LogfileName;
  try {
    name = logfileName(template.replaceAll('%%', '%'));
  } catch (error) {
    throw r.error(key, (error as Error).message);
  }
  if (name === 'SYSLOG') {
    r.warn(key, `${key}=syslog is deprecated in supervisord and overseer has no syslog; no file.`);
    options[`${stream}Logfile`] = 'NONE';
    return;
  }
  if (name === 'AUTO' && options[`${stream}LogfileMaxbytes`] === 0) autoWarning(r, key);
  options[`${stream}Logfile`] = typeof name === 'string' ? name : expandUser(template);
}

function autoWarning(r: SectionReader, key: string): void {
  r.warn(
    key,
    `AUTO logging used for ${key} without rollover; set ${key}_maxbytes > 0 to avoid filling up the file system.`,
  );
}

export type { Expansion };
