import assert from 'node:assert/strict';
import { readdirSync, readlinkSync } from 'node:fs';
import { describe, it } from 'node:test';
import { nativeAddon } from '../../src/process/native.js';
import { type StdinChannel, stdinChannel } from '../../src/process/stdin-channel.js';
import { hostFds, nodeFixture, settledFdCount, testSupervisor } from '../helpers/processes.js';

const withPairs = typeof nativeAddon()?.socketPair === 'function';

describe('stdin channel (native addon)', {
  skip: !withPairs && 'the native addon has no socketPair()',
}, () => {
  it("a child's stdin is a socket; write() reaches it; no fd is left after the stop", async () => {
    const before = hostFds();
    {
      await using sup = testSupervisor();
      const p = sup.add({ name: 'echo', command: nodeFixture('echo-stdin.js'), startSecs: 0 });
      await p.start();
      assert.match(readlinkSync(`/proc/${p.pid}/fd/0`), /^socket:\[\d+\]$/);
      await p.write('first line\n');
      await p.waitForLine(/got:first line/);
      await p.stop();
      // Stopped and started again: a new channel, written to again.
      await p.start();
      await p.write('second line\n');
      await p.waitForLine(/got:second line/);
    }
    assert.equal(await settledFdCount(before), before);
  });

  it('a program never written to holds only a bare fd, closed at its exit', async () => {
    const before = hostFds();
    {
      await using sup = testSupervisor();
      const p = sup.add({ name: 'quiet', command: nodeFixture('sleep-forever.js'), startSecs: 0 });
      await p.start();
      const ours = readdirSync('/proc/self/fd').map((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`);
        } catch {
          return '';
        }
      });
      // The child's end is a socket; the host holds a bare fd (no stream) for its own end.
      assert.match(readlinkSync(`/proc/${p.pid}/fd/0`), /^socket:\[\d+\]$/);
      assert.ok(ours.filter((t) => t.startsWith('socket:')).length >= 3);
      await p.stop();
    }
    assert.equal(await settledFdCount(before), before);
  });

  it('StdinChannel: destroy() closes the fd; a write after it fails with EPIPE', async () => {
    const before = hostFds();
    const fds = stdinChannel();
    assert.equal(typeof fds.stdio, 'number');
    const channel = fds.spawned() as StdinChannel;
    assert.equal(hostFds(), before + 1);
    assert.equal(channel.destroyed, false);
    channel.destroy();
    assert.equal(channel.destroyed, true);
    assert.equal(hostFds(), before);
    const error = await new Promise<Error | null | undefined>((resolve) =>
      channel.write('late', resolve),
    );
    assert.equal((error as NodeJS.ErrnoException | undefined)?.code, 'EPIPE');
  });

  it('a failed spawn closes both ends', () => {
    const before = hostFds();
    stdinChannel().close();
    assert.equal(hostFds(), before);
  });
});
