import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { signalUnlessGone } from '../../../src/process/kill.js';

describe('signalUnlessGone', () => {
  it('true when delivered, false for a process or a group that is gone', async () => {
    const child = spawn('/bin/sleep', ['30'], { detached: true, stdio: 'ignore' });
    await once(child, 'spawn');
    const pid = child.pid as number;
    assert.equal(signalUnlessGone(pid, 0), true);
    assert.equal(signalUnlessGone(-pid, 0), true);
    const exited = once(child, 'exit');
    assert.equal(signalUnlessGone(-pid, 'SIGKILL'), true);
    await exited;
    assert.equal(signalUnlessGone(pid, 0), false);
    assert.equal(signalUnlessGone(-pid, 'SIGKILL'), false);
  });

  it('any other failure throws as process.kill does', () => {
    assert.throws(() => signalUnlessGone(process.pid, 'SIGNOPE' as NodeJS.Signals), {
      code: 'ERR_UNKNOWN_SIGNAL',
    });
  });
});
