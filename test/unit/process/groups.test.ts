import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { supplementaryGroups } from '../../../src/process/groups.js';
import { tempDir } from '../../helpers/processes.js';

describe('supplementary groups (issue 11, point 10)', () => {
  it('the primary group first, then every group listing the user, as initgroups', async () => {
    await using dir = await tempDir();
    const file = join(dir.path, 'group');
    writeFileSync(
      file,
      [
        'root:x:0:',
        'web:x:33:alice,bob',
        'audio:x:29:bob',
        'docker:x:999:alice',
        'bad line',
        'same:x:100:alice',
      ].join('\n'),
    );
    assert.deepEqual(supplementaryGroups('alice', 100, file), [100, 33, 999]);
    assert.deepEqual(supplementaryGroups('carol', 5, file), [5]);
    assert.deepEqual(supplementaryGroups('alice', 100, join(dir.path, 'missing')), [100]);
  });
});
