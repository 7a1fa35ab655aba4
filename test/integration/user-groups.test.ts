import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { findSetpriv, supplementaryGroups } from '../../src/process/groups.js';
import { lookupUser } from '../../src/process/users.js';
import { testSupervisor } from '../helpers/processes.js';

/** A user of this machine that has at least one supplementary group, if any. */
function userWithGroups(): { name: string; groups: number[] } | undefined {
  const members = readFileSync('/etc/group', 'utf8')
    .split('\n')
    .flatMap((line) => (line.split(':')[3] ?? '').split(','))
    .filter(Boolean);
  for (const name of new Set(members)) {
    const ids = lookupUser(name);
    if (!ids) continue;
    const groups = supplementaryGroups(name, ids.gid);
    if (groups.length > 1) return { name, groups };
  }
  return undefined;
}

describe('user: sets the supplementary groups, as supervisord (issue 11, point 10)', () => {
  it('`id -G` of the child lists every group of the user', async (t) => {
    if (process.getuid?.() !== 0) return t.skip('needs root (user: switches users)');
    if (!findSetpriv()) return t.skip('needs util-linux setpriv (see docs/reliability.md)');
    const user = userWithGroups();
    if (!user) return t.skip('no user with supplementary groups on this machine');
    await using sup = testSupervisor();
    const p = sup.add({
      name: 'ids',
      command: 'id -G',
      user: user.name,
      startSecs: 0,
      autorestart: false,
    });
    await p.start();
    await p.waitFor('EXITED');
    for (let i = 0; i < 200 && p.tail().length === 0; i++)
      await new Promise((r) => setTimeout(r, 10));
    const shown = (p.tail()[0]?.line ?? '').split(' ').map(Number).sort();
    assert.deepEqual(shown, [...user.groups].sort());
    assert.equal(p.lastExit?.code, 0);
  });
});
