import { statSync } from 'node:fs';
import { expandUser, integer, octal } from './datatypes.js';
import { environmentOf } from './section-environment.js';
import type { SectionReader } from './section-values.js';

/**
 * What [inet_http_server] and [unix_http_server] ask for, for overseer/control to serve: the
 * inet fields fit `serveControl()`'s options as they are.
 */
export interface SupervisordControl {
  /** [inet_http_server] port= host part; `*` or none (every interface) is '0.0.0.0'. */
  readonly host?: string;
  readonly port?: number;
  readonly username?: string;
  /** As written: clear text, or `{SHA}` and the hex SHA-1 of the password. */
  readonly password?: string;
  /** [unix_http_server]. */
  readonly unix?: {
    readonly file: string;
    /** @default 0o700 */
    readonly chmod: number;
    readonly chown?: string;
    readonly username?: string;
    readonly password?: string;
  };
}

const SUPERVISORD_MAPPED = ['childlogdir', 'environment'];
const SUPERVISORD_IGNORED: Readonly<Record<string, string>> = Object.fromEntries(
  [
    'logfile',
    'logfile_maxbytes',
    'logfile_backups',
    'loglevel',
    'pidfile',
    'umask',
    'nodaemon',
    'silent',
    'minfds',
    'minprocs',
    'nocleanup',
    'user',
    'directory',
    'strip_ansi',
    'identifier',
  ].map((k) => [
    k,
    'it configures the supervisord daemon itself; in a library the host process plays that part',
  ]),
);

/** [supervisord]: childlogdir -> logDir, environment for every program; the rest warned about. */
export function supervisordSection(r: SectionReader) {
  r.checkKeys([...SUPERVISORD_MAPPED, ...Object.keys(SUPERVISORD_IGNORED)], SUPERVISORD_IGNORED);
  const logDir = r.value('childlogdir', (v) => {
    const dir = expandUser(v);
    if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
      throw new Error(`${dir} is not an existing directory: create it, or drop childlogdir.`);
    }
    return dir;
  });
  return { logDir, environment: environmentOf(r, new Set()) };
}

function portOf(text: string): { host: string; port: number } {
  const colon = text.lastIndexOf(':');
  const host = colon === -1 ? '' : text.slice(0, colon).toLowerCase();
  const port = integer(colon === -1 ? text : text.slice(colon + 1));
  if (port < 1 || port > 65535)
    throw new Error('Not a port number: use host:port or a port from 1 to 65535.');
  return { host: host === '*' || host === '' ? '0.0.0.0' : host, port };
}

function credentials(r: SectionReader) {
  const username = r.text('username');
  const password = r.text('password');
  return { ...(username ? { username } : {}), ...(password ? { password } : {}) };
}

/** [inet_http_server] and [unix_http_server], merged into one SupervisordControl. */
export function controlSection(r: SectionReader, into: SupervisordControl): SupervisordControl {
  if (r.section.name === 'inet_http_server') {
    r.checkKeys(['port', 'username', 'password']);
    const address = r.value('port', portOf);
    if (!address)
      throw r.error(
        'port',
        '[inet_http_server] needs port=host:port (for example 127.0.0.1:9001).',
      );
    return { ...into, ...address, ...credentials(r) };
  }
  r.checkKeys(['file', 'chmod', 'chown', 'username', 'password']);
  const file = r.value('file', expandUser);
  if (!file) throw r.error('file', '[unix_http_server] needs file=/path/to/supervisor.sock.');
  const chown = r.text('chown');
  const unix = {
    file,
    chmod: r.value('chmod', octal) ?? 0o700,
    ...(chown ? { chown } : {}),
    ...credentials(r),
  };
  return { ...into, unix };
}
