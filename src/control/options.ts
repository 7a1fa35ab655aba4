/** Options of controlHandler() and serveControl(), validated into settings. */
import { OptionError } from '../errors.js';
import { fail, optBoolean, optInteger, optString } from '../options/validate.js';

export interface ControlOptions {
  /** HTTP basic auth user, as supervisord's [inet_http_server] username. @default none */
  username?: string;
  /** HTTP basic auth password (plain text, as supervisord's). @default none */
  password?: string;
  /** Refuse every state change (start, stop, signal, stdin, clear, update...). @default false */
  readOnly?: boolean;
  /** Let the `shutdown` method stop every program (supervisorctl shutdown). @default false */
  allowShutdown?: boolean;
  /** What getIdentification returns, as supervisord's `identifier`. @default 'supervisor' */
  identification?: string;
  /** The path the handler is mounted at in the host's server ("/supervisor"). @default '' */
  basePath?: string;
  /** Largest request body accepted, in bytes (413 beyond). @default 1048576 */
  maxRequestBytes?: number;
  /** Live page and log streams open at once (503 beyond). @default 32 */
  maxEventStreams?: number;
  /** Bytes of the in-memory main log (maintail, readLog) kept. @default 65536 */
  mainLogBytes?: number;
}

export interface ServeControlOptions extends ControlOptions {
  /** Address to listen on; anything but loopback needs username and password. @default '127.0.0.1' */
  host?: string;
  /** TCP port; 0 picks a free one. @default 9001 */
  port?: number;
  /** Open connections at once; more are refused. @default 64 */
  maxConnections?: number;
}

export interface ControlSettings {
  readonly username: string | undefined;
  readonly password: string | undefined;
  readonly readOnly: boolean;
  readonly allowShutdown: boolean;
  readonly identification: string;
  readonly basePath: string;
  readonly maxRequestBytes: number;
  readonly maxEventStreams: number;
  readonly mainLogBytes: number;
}

const KNOWN = [
  'username',
  'password',
  'readOnly',
  'allowShutdown',
  'identification',
  'basePath',
  'maxRequestBytes',
  'maxEventStreams',
  'mainLogBytes',
  'host',
  'port',
  'maxConnections',
];

const ctx = { program: undefined };

export function controlSettings(options: ControlOptions = {}): ControlSettings {
  for (const key of Object.keys(options)) {
    if (!KNOWN.includes(key))
      fail(
        ctx,
        key,
        (options as Record<string, unknown>)[key],
        `Known options: ${KNOWN.join(', ')}.`,
      );
  }
  const username = optString(ctx, 'username', options.username);
  const password = optString(ctx, 'password', options.password);
  if ((username === undefined) !== (password === undefined)) {
    throw new OptionError({
      option: username === undefined ? 'username' : 'password',
      value: undefined,
      fix: 'Give both username and password, or neither.',
    });
  }
  return Object.freeze({
    username,
    password,
    readOnly: optBoolean(ctx, 'readOnly', options.readOnly, false),
    allowShutdown: optBoolean(ctx, 'allowShutdown', options.allowShutdown, false),
    identification: optString(ctx, 'identification', options.identification) ?? 'supervisor',
    basePath: basePath(options.basePath),
    maxRequestBytes: optInteger(ctx, 'maxRequestBytes', options.maxRequestBytes, 1 << 20, 1024),
    maxEventStreams: optInteger(ctx, 'maxEventStreams', options.maxEventStreams, 32, 1),
    mainLogBytes: optInteger(ctx, 'mainLogBytes', options.mainLogBytes, 1 << 16, 1024),
  });
}

function basePath(value: unknown): string {
  if (value === undefined || value === '' || value === '/') return '';
  if (typeof value !== 'string' || !/^\/[\w\-./~]*[^/]$/.test(value)) {
    fail(ctx, 'basePath', value, 'Use a path like "/supervisor" (leading slash, no trailing one).');
  }
  return value;
}
