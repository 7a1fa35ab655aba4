import * as t from './datatypes.js';

/**
 * Every key of supervisord 4.2's [program:x] (and [eventlistener:x]) section, and the
 * overseer option it becomes. `loop` keys are expanded per process (they may use
 * %(process_num)d); the others are read once per section, as in supervisord.
 */
export interface KeySpec {
  /** The overseer option (camelCase), or undefined when the key has no effect. */
  readonly option?: string;
  readonly convert?: (value: string) => unknown;
  readonly loop?: boolean;
  /** For keys without an option: why (shown in the warning). */
  readonly ignored?: string;
}

const logKeys = (stream: 'stdout' | 'stderr'): Record<string, KeySpec> => ({
  [`${stream}_logfile`]: { option: `${stream}Logfile`, loop: true },
  [`${stream}_logfile_maxbytes`]: { option: `${stream}LogfileMaxbytes`, convert: t.byteSize },
  [`${stream}_logfile_backups`]: { option: `${stream}LogfileBackups`, convert: t.integer },
  [`${stream}_capture_maxbytes`]: { option: `${stream}CaptureMaxbytes`, convert: t.byteSize },
  [`${stream}_events_enabled`]: { option: `${stream}EventsEnabled`, convert: t.boolean },
  [`${stream}_syslog`]: {
    ignored: 'overseer does not write to syslog; use a log file or log events',
  },
});

export const PROGRAM_KEYS: Readonly<Record<string, KeySpec>> = {
  command: { option: 'command', loop: true },
  process_name: { option: 'processName', loop: true },
  numprocs: { option: 'numprocs', convert: t.integer },
  numprocs_start: { option: 'numprocsStart', convert: t.integer },
  priority: { option: 'priority', convert: t.integer },
  autostart: { option: 'autostart', convert: t.boolean },
  startsecs: { option: 'startSecs', convert: t.integer },
  startretries: { option: 'startRetries', convert: t.integer },
  autorestart: { option: 'autorestart', convert: t.autorestart },
  exitcodes: { option: 'exitCodes', convert: t.exitCodes },
  stopsignal: { option: 'stopSignal', convert: t.signalName },
  stopwaitsecs: { option: 'stopWaitSecs', convert: t.integer },
  stopasgroup: { option: 'stopAsGroup', convert: t.boolean },
  killasgroup: { option: 'killAsGroup', convert: t.boolean },
  user: { option: 'user', convert: t.userName },
  redirect_stderr: { option: 'redirectStderr', convert: t.boolean },
  ...logKeys('stdout'),
  ...logKeys('stderr'),
  environment: { option: 'environment', loop: true },
  directory: { option: 'directory', loop: true },
  umask: { option: 'umask', convert: t.octal },
  serverurl: { option: 'environment' },
};

/** Keys only an [eventlistener:x] section has. */
export const LISTENER_KEYS: Readonly<Record<string, KeySpec>> = {
  buffer_size: { option: 'bufferSize', convert: t.integer },
  events: { option: 'events', convert: t.listOfStrings },
  result_handler: {
    ignored: "a Python import path; overseer answers OK/FAIL as supervisord's default_handler",
  },
};

/** [group:x]. */
export const GROUP_KEYS: readonly string[] = ['programs', 'priority'];

/** A [program:x] key's option name, for mapping an OptionError back to the key. */
export function keyOfOption(option: string, listener: boolean): string | undefined {
  const head = option.split('.')[0];
  const table = listener ? { ...PROGRAM_KEYS, ...LISTENER_KEYS } : PROGRAM_KEYS;
  return Object.keys(table).find((k) => table[k]?.option === head && k !== 'serverurl');
}
