/**
 * HTTP basic auth as supervisord's [inet_http_server] does it, with the comparison in
 * constant time, and the request checks that keep browsers from being used against the
 * server (foreign Origin, DNS rebinding).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { ControlSettings } from './options.js';

export const AUTH_CHALLENGE = 'Basic realm="overseer", charset="UTF-8"';

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

const SHA_PREFIX = '{SHA}';

/**
 * A checker bound to the configured credentials (none: every request passes). A password
 * written as supervisord allows, `{SHA}` and the hex SHA-1 of the password, is compared as
 * such.
 */
export function basicAuth(settings: ControlSettings): (req: IncomingMessage) => boolean {
  const { username, password } = settings;
  if (username === undefined || password === undefined) return () => true;
  const hashed = password.startsWith(SHA_PREFIX);
  const secret = hashed ? password.slice(SHA_PREFIX.length).toLowerCase() : password;
  // Hashing both sides gives equal lengths, so timingSafeEqual never leaks the length.
  const expected = digest(`${username}:${secret}`);
  return (req) => {
    const header = req.headers.authorization ?? '';
    const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
    const given = match ? Buffer.from(match[1] as string, 'base64').toString('utf8') : '';
    const colon = given.indexOf(':');
    const user = colon < 0 ? given : given.slice(0, colon);
    const pass = colon < 0 ? '' : given.slice(colon + 1);
    const shown = hashed ? createHash('sha1').update(pass, 'utf8').digest('hex') : pass;
    return timingSafeEqual(digest(`${user}:${shown}`), expected);
  };
}

const LOOPBACK_NAMES = new Set(['localhost', 'localhost.', '[::1]', '::1']);
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** The host part of a Host header ("a:9001" -> "a", "[::1]:9001" -> "[::1]"). */
export function hostOf(header: string): string {
  if (header.startsWith('[')) return header.slice(0, header.indexOf(']') + 1).toLowerCase();
  const colon = header.lastIndexOf(':');
  return (colon >= 0 ? header.slice(0, colon) : header).toLowerCase();
}

/**
 * Without credentials, only requests addressed to an IP literal or localhost are served: a
 * page on a hostile domain rebound to 127.0.0.1 still sends its own name as Host.
 */
export function hostAllowed(req: IncomingMessage, settings: ControlSettings): boolean {
  if (settings.username !== undefined) return true;
  const host = hostOf(req.headers.host ?? '');
  return LOOPBACK_NAMES.has(host) || IPV4.test(host) || host.startsWith('[');
}

/** A browser request from another origin (Origin differs from Host) may not act. */
export function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined || origin === 'null') return origin === undefined;
  try {
    return new URL(origin).host.toLowerCase() === (req.headers.host ?? '').toLowerCase();
  } catch {
    return false;
  }
}
