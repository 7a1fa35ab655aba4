import { readFileSync } from 'node:fs';

export interface UserIds {
  readonly uid: number;
  readonly gid: number;
  /** The user's name in /etc/passwd (undefined for a uid with no entry). */
  readonly name?: string | undefined;
}

/** Looks a user up in /etc/passwd by name or uid; undefined when there is none. */
export function lookupUser(user: string | number): UserIds | undefined {
  let passwd: string;
  try {
    passwd = readFileSync('/etc/passwd', 'utf8');
  } catch {
    return typeof user === 'number' ? { uid: user, gid: user } : undefined;
  }
  for (const line of passwd.split('\n')) {
    const [name, , uid, gid] = line.split(':');
    if (name === undefined || uid === undefined || gid === undefined) continue;
    if (name === String(user) || (typeof user === 'number' && Number(uid) === user)) {
      return { uid: Number(uid), gid: Number(gid), name };
    }
  }
  return undefined;
}
