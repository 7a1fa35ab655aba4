import { accessSync, constants, readFileSync } from 'node:fs';

/**
 * Every group `user` belongs to, as initgroups(3) finds them: the primary group first, then
 * each group of /etc/group that lists the user as a member. Only the primary group when
 * /etc/group cannot be read.
 */
export function supplementaryGroups(
  user: string,
  primaryGid: number,
  groupFile = '/etc/group',
): number[] {
  const groups = [primaryGid];
  let text: string;
  try {
    text = readFileSync(groupFile, 'utf8');
  } catch {
    return groups;
  }
  for (const line of text.split('\n')) {
    const [, , gid, members = ''] = line.split(':');
    if (gid === undefined || !/^\d+$/.test(gid)) continue;
    const id = Number(gid);
    if (!groups.includes(id) && members.split(',').includes(user)) groups.push(id);
  }
  return groups;
}

const SETPRIV_PLACES = ['/usr/bin/setpriv', '/bin/setpriv', '/usr/sbin/setpriv'];
let setpriv: string | null | undefined;

/**
 * util-linux's setpriv, which sets the uid, gid and supplementary groups and then execs the
 * program in place (same pid), or null where it is missing. Node's spawn() can set a uid and
 * a gid but clears the supplementary groups; supervisord sets the user's groups.
 */
export function findSetpriv(): string | null {
  if (setpriv !== undefined) return setpriv;
  setpriv = null;
  for (const path of SETPRIV_PLACES) {
    try {
      accessSync(path, constants.X_OK);
      setpriv = path;
      break;
    } catch {
      // not here
    }
  }
  return setpriv;
}
