import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { StateChange } from '../../src/index.js';
import { nodeFixture, readPidFile, tempDir, testSupervisor } from '../helpers/processes.js';

describe('EXITED / STOPPED / BACKOFF come after the pipes are drained (issue 11, point 13)', () => {
  it('6 programs print 100,000 lines each and exit: at EXITED every line is in the tail and the file', async () => {
    await using dir = await tempDir();
    await using sup = testSupervisor({ logDir: dir.path });
    const seen: { tail: number; last: string | undefined; fileDone: boolean }[] = [];
    const all: Promise<void>[] = [];
    for (let i = 0; i < 6; i++) {
      const p = sup.add({
        name: `burst${i}`,
        command: nodeFixture('print-lines.js', 100_000),
        startSecs: 0,
        autorestart: false,
        tailLines: 100_000,
        stdoutLogfileMaxbytes: 0,
      });
      all.push(
        new Promise((resolve) =>
          p.on('state', (c: StateChange) => {
            if (c.to !== 'EXITED') return;
            const file = readFileSync(join(dir.path, `burst${i}-stdout.log`), 'utf8');
            seen.push({
              tail: p.tail().length,
              last: p.tail(1)[0]?.line,
              fileDone: file.endsWith('line 100000\n'),
            });
            resolve();
          }),
        ),
      );
    }
    await sup.start();
    await Promise.all(all);
    assert.deepEqual(seen, Array(6).fill({ tail: 100_000, last: 'line 100000', fileDone: true }));
  });

  it('a grandchild holding the pipe open does not hold EXITED back beyond the grace', async () => {
    await using dir = await tempDir();
    await using sup = testSupervisor();
    const pidFile = join(dir.path, 'gc.pid');
    const p = sup.add({
      name: 'holder',
      // The shell's background sleep inherits stdout and keeps the pipe open after sh exits.
      command: ['/bin/sh', '-c', `sleep 30 & echo $! > ${pidFile}; echo bye; exit 3`],
      startSecs: 0,
      autorestart: false,
    });
    const exitedAt = new Promise<number>((resolve) =>
      p.on('state', (c) => {
        if (c.to === 'EXITED') resolve(Date.now());
      }),
    );
    const started = Date.now();
    await p.start();
    sup.track(await readPidFile(pidFile));
    const at = await exitedAt;
    assert.ok(at - started < 10_000, 'EXITED came (bounded by the drain grace)');
    assert.equal(p.lastExit?.code, 3);
  });
});
