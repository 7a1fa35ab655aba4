import assert from 'node:assert/strict';
import { closeSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { Socket } from 'node:net';
import { describe, it } from 'node:test';
import { nativeAddon } from '../../src/process/native.js';
import { ownSocketPair } from '../../src/process/output-pipes.js';
import { hostFds, settledFdCount, tempDir, testSupervisor } from '../helpers/processes.js';

/** The pipe or socket inodes a process holds, by fd. */
function fdTargets(pid: number | 'self'): Map<string, string> {
  const fds = new Map<string, string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      fds.set(fd, readlinkSync(`/proc/${pid}/fd/${fd}`));
    } catch {
      // closed meanwhile
    }
  }
  return fds;
}

const withPipes = typeof nativeAddon()?.socketPair === 'function';

describe('output channels (native addon)', {
  skip: !withPipes && 'the native addon has no socketPair()',
}, () => {
  it("stdout and stderr are sockets of their own; no other program's reaches a child", async () => {
    await using dir = await tempDir();
    await using sup = testSupervisor({ logDir: dir.path });
    const holder = sup.add({ name: 'holder', command: ['sleep', '30'], startSecs: 0 });
    const lister = sup.add({ name: 'lister', command: ['sleep', '30'], startSecs: 0 });
    await holder.start();
    await lister.start();
    const held = fdTargets(holder.pid);
    const listed = fdTargets(lister.pid);
    for (const fds of [held, listed]) {
      assert.match(fds.get('1') ?? '', /^socket:\[\d+\]$/);
      assert.match(fds.get('2') ?? '', /^socket:\[\d+\]$/);
      assert.notEqual(fds.get('1'), fds.get('2'));
    }
    const ours = new Set([held.get('1'), held.get('2'), listed.get('1'), listed.get('2')]);
    for (const [pid, fds] of [
      [holder.pid, held],
      [lister.pid, listed],
    ] as const) {
      for (const [fd, target] of fds) {
        if (fd === '1' || fd === '2') continue;
        assert.ok(!ours.has(target), `pid ${pid} holds an output pipe as fd ${fd}: ${target}`);
      }
    }
    // The host holds none of the children's ends (a socket pair's two ends are two inodes).
    const host = new Set(fdTargets('self').values());
    for (const end of ours) assert.ok(end && !host.has(end), `the host holds ${end}`);
  });

  it('no fd of the host is left behind across restarts and removal', async () => {
    await using dir = await tempDir();
    const before = hostFds();
    {
      await using sup = testSupervisor({ logDir: dir.path });
      const program = sup.add({
        name: 'again',
        command: ['sh', '-c', 'echo out; echo err >&2'],
        startSecs: 0,
        autorestart: false,
        redirectStderr: true,
      });
      for (let run = 0; run < 5; run++) {
        await program.start();
        await program.waitFor('EXITED', { timeoutMs: 10_000 });
      }
      assert.equal(program.tail().length, 10);
      await sup.remove('again');
    }
    // The pipes' read ends close at each run's end, the log files at disposal.
    assert.equal(await settledFdCount(before), before);
  });

  it("a 'data' listener on the pipe (a silence watch) gets Buffers of its own", async () => {
    await using dir = await tempDir();
    await using sup = testSupervisor({ logDir: dir.path });
    const program = sup.add({
      name: 'talker',
      command: ['sh', '-c', 'for i in 1 2 3 4 5; do echo "line $i"; sleep 0.05; done; sleep 30'],
      startSecs: 0,
      autorestart: false,
      liveness: { silenceSecs: 10 },
    });
    const fifth = program.waitForLine(/^line 5$/, { timeoutMs: 10_000 });
    await program.start();
    await fifth;
    assert.deepEqual(
      program.tail().map((l) => l.line),
      ['line 1', 'line 2', 'line 3', 'line 4', 'line 5'],
    );
    await program.stop();
  });

  it("the child's end takes its send buffer of output before the host reads, then waits", async (t) => {
    const wmemMax = Number(readFileSync('/proc/sys/net/core/wmem_max', 'utf8'));
    if (wmemMax < 200 * 1024) {
      t.skip(`net.core.wmem_max is ${wmemMax}: the kernel caps send buffers below the default`);
      return;
    }
    const asked = await acceptedUnread(256 * 1024);
    const plain = await acceptedUnread(undefined);
    assert.ok(asked >= 384 * 1024, `${asked} bytes taken with 256 KiB asked for (doubled)`);
    assert.ok(asked < 4 * 1024 * 1024, `${asked} bytes: the writer waits once it is full`);
    assert.ok(plain < asked, `${plain} bytes taken with the default buffer`);
  });
});

/**
 * Bytes the kernel takes from a writer on the child's end of a fresh pair while nobody reads
 * the host's end (the rest waits in the writer's queue), with `childSendBytes` asked for.
 */
async function acceptedUnread(childSendBytes: number | undefined): Promise<number> {
  const pair = ownSocketPair(childSendBytes);
  assert.ok(pair);
  const [host, child] = pair;
  const writer = new Socket({ fd: child, readable: false, writable: true });
  const total = 4 * 1024 * 1024;
  writer.write(Buffer.alloc(total, 0x61));
  // What libuv still holds (not yet taken by the kernel): the socket's own write queue.
  const unwritten = () =>
    (writer as unknown as { _handle: { writeQueueSize: number } })._handle.writeQueueSize;
  let pending = -1;
  for (let i = 0; i < 100 && unwritten() !== pending; i++) {
    pending = unwritten();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  writer.destroy();
  closeSync(host);
  return total - pending;
}
