import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ProcfsSource } from '../../../src/metrics/process-source.js';
import { descendantsOf, parsePsTable } from '../../../src/metrics/process-tree.js';
import { isDeadState, ProcfsReader, parseProcStat } from '../../../src/metrics/procfs.js';

const table = (rows: [number, number][]) => rows.map(([pid, ppid]) => ({ pid, ppid }));

describe('descendantsOf', () => {
  it('finds children, grandchildren and deeper, for several roots from one table', () => {
    const result = descendantsOf(
      table([
        [1, 0],
        [10, 1],
        [11, 10],
        [12, 10],
        [13, 11],
        [14, 13],
        [20, 1],
        [21, 20],
        [30, 1],
      ]),
      [10, 20, 30],
    );
    assert.deepEqual(result.get(10), [11, 12, 13, 14]);
    assert.deepEqual(result.get(20), [21]);
    assert.deepEqual(result.get(30), []);
  });

  it('lists a root that is inside another root in both trees', () => {
    const result = descendantsOf(
      table([
        [10, 1],
        [11, 10],
        [12, 11],
      ]),
      [10, 11],
    );
    assert.deepEqual(result.get(10), [11, 12]);
    assert.deepEqual(result.get(11), [12]);
  });

  it('gives an empty tree to a root that is not in the table', () => {
    assert.deepEqual(descendantsOf(table([[10, 1]]), [99]).get(99), []);
  });

  it('survives inconsistent tables (cycles from a racy read, pid == ppid)', () => {
    const result = descendantsOf(
      table([
        [10, 12],
        [11, 10],
        [12, 11],
        [0, 0],
      ]),
      [10],
    );
    assert.deepEqual(result.get(10), [11, 12]);
    assert.deepEqual(descendantsOf(table([[0, 0]]), [0]).get(0), []);
  });
});

describe('parsePsTable', () => {
  it('reads pid and ppid columns and skips noise', () => {
    assert.deepEqual(parsePsTable('    1     0\n  123   1\n\nbad line\n 456 123 \n'), [
      { pid: 1, ppid: 0 },
      { pid: 123, ppid: 1 },
      { pid: 456, ppid: 123 },
    ]);
  });
});

/** A /proc/<pid>/stat line with the fields the parser reads, and plausible others. */
function statLine(
  pid: number,
  comm: string,
  state: string,
  ppid: number,
  utime: number,
  stime: number,
  start: number,
  rss: number,
): string {
  return (
    `${pid} (${comm}) ${state} ${ppid} ${pid} ${pid} 0 -1 4194560 100 0 0 0 ` +
    `${utime} ${stime} 0 0 20 0 1 0 ${start} 123456789 ${rss} 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n`
  );
}

describe('parseProcStat', () => {
  it('counts fields from the last ")" so odd command names parse', () => {
    const text = statLine(42, 'a) (b c)', 'S', 7, 150, 50, 9000, 321);
    const buf = Buffer.from(text);
    assert.deepEqual(parseProcStat(42, buf, buf.length, 5), {
      pid: 42,
      ppid: 7,
      pgid: 42,
      sid: 42,
      state: 'S'.charCodeAt(0),
      cpuTicks: 200,
      startTicks: 9000,
      rssPages: 321,
      threads: 1,
      readAt: 5,
    });
  });

  it('rejects truncated content', () => {
    const buf = Buffer.from('42 (node) S 7 42 42');
    assert.equal(parseProcStat(42, buf, buf.length), undefined);
    assert.equal(parseProcStat(42, Buffer.from('garbage'), 7), undefined);
  });

  it('knows zombies and dead tasks', () => {
    assert.equal(isDeadState('Z'.charCodeAt(0)), true);
    assert.equal(isDeadState('X'.charCodeAt(0)), true);
    assert.equal(isDeadState('S'.charCodeAt(0)), false);
    assert.equal(isDeadState('R'.charCodeAt(0)), false);
  });
});

describe('ProcfsReader and ProcfsSource on a fake /proc', () => {
  const root = mkdtempSync(join(tmpdir(), 'overseer-fakeproc-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  function writeProc(rows: [number, string, number, number, number, number][]) {
    rmSync(root, { recursive: true, force: true });
    mkdirSync(join(root, 'self'), { recursive: true });
    writeFileSync(join(root, 'uptime'), '1000.00 3000.00\n');
    writeFileSync(join(root, 'self', 'smaps'), 'x\nKernelPageSize:       16 kB\n');
    mkdirSync(join(root, 'sys')); // not a pid: ignored
    for (const [pid, state, ppid, ticks, start, rss] of rows) {
      mkdirSync(join(root, String(pid)));
      writeFileSync(
        join(root, String(pid), 'stat'),
        statLine(pid, 'node', state, ppid, ticks, 0, start, rss),
      );
    }
    mkdirSync(join(root, '999')); // exited between readdir and read: no stat file
  }

  it('scans every process in chunks, skipping the unreadable', async () => {
    writeProc([
      [1, 'S', 0, 0, 0, 1],
      [10, 'S', 1, 0, 0, 1],
      [11, 'R', 10, 0, 0, 1],
    ]);
    const reader = new ProcfsReader({ root, chunkSize: 1 });
    const scan = await reader.scan();
    assert.equal(scan.uptimeSecs, 1000);
    assert.deepEqual(
      scan.entries.map((e) => [e.pid, e.ppid]).sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0)),
      [
        [1, 0],
        [10, 1],
        [11, 10],
      ],
    );
    assert.equal(reader.pageSize, 16 * 1024);
  });

  it('yields once a chunk has read for chunkMs, before chunkSize files', async () => {
    writeProc(Array.from({ length: 40 }, (_, i) => [100 + i, 'S', 1, 0, 0, 1]));
    let clock = 0;
    const reader = new ProcfsReader({ root, chunkSize: 128, chunkMs: 0, now: () => clock++ });
    const scan = await reader.scan();
    // Entries of one chunk share its read time: chunks of 16 files (the budget is checked
    // every 16 files), not one chunk of 40.
    const chunks = new Map<number, number>();
    for (const e of scan.entries) chunks.set(e.readAt, (chunks.get(e.readAt) ?? 0) + 1);
    assert.equal(scan.entries.length, 40);
    assert.deepEqual([...chunks.values()], [16, 16, 8]);
  });

  it('keeps the stat files of retained pids open between scans, up to a cap', async () => {
    writeProc([
      [1, 'S', 0, 0, 0, 1],
      [10, 'S', 1, 0, 0, 1],
      [11, 'R', 10, 0, 0, 1],
    ]);
    const reader = new ProcfsReader({ root, maxOpenFiles: 1 });
    reader.retain([10, 11]);
    await reader.scan();
    assert.equal(reader.openFiles.length, 1, 'capped');
    const capped = new ProcfsReader({ root });
    capped.retain([10, 11]);
    const scan = await capped.scan();
    assert.equal(scan.entries.length, 3);
    assert.deepEqual([...capped.openFiles].sort(), [10, 11]);
    assert.equal((await capped.scan()).entries.length, 3, 'read again through the open files');
    capped.retain([11]);
    assert.deepEqual(capped.openFiles, [11]);
    capped.retain([]);
    assert.deepEqual(capped.openFiles, []);
    reader.retain([]);
  });

  it('measures trees: CPU since start at first, then between passes; drops zombies and the dead', async () => {
    let now = 0;
    const source = new ProcfsSource({ root, now: () => now });
    // Uptime 1000 s = 100000 ticks. Process 10 started at tick 90000 (100 s ago) and used 5000
    // ticks = 50 s: 50 % on average.
    writeProc([
      [1, 'S', 0, 0, 0, 100],
      [10, 'S', 1, 5000, 90000, 100],
      [11, 'R', 10, 1000, 99000, 200],
      [12, 'Z', 10, 0, 99000, 0],
      [20, 'S', 1, 0, 99900, 10],
    ]);
    const first = await source.sample([10, 20, 30]);
    assert.deepEqual(first.descendants.get(10), [11]);
    assert.deepEqual(first.descendants.get(30), []);
    assert.equal(first.usage.get(30), undefined, 'not running: no usage, no error');
    assert.deepEqual(first.usage.get(10), { cpu: 50, memory: 100 * 16 * 1024, elapsedMs: 100_000 });
    assert.deepEqual(first.usage.get(11), { cpu: 100, memory: 200 * 16 * 1024, elapsedMs: 10_000 });
    assert.deepEqual(first.errors, []);
    assert.deepEqual([...source.tracked].sort(), [10, 11, 20]);

    // Two seconds later: 10 used 50 ticks (0.5 s: 25 %), 11 exited, and pid 20 now belongs
    // to another process (a later start time).
    now = 2000;
    writeProc([
      [1, 'S', 0, 0, 0, 100],
      [10, 'S', 1, 5050, 90000, 120],
      [20, 'S', 1, 30, 99950, 10],
    ]);
    const second = await source.sample([10, 20]);
    assert.deepEqual(second.descendants.get(10), []);
    assert.equal(second.usage.get(10)?.cpu, 25);
    assert.equal(second.usage.get(10)?.memory, 120 * 16 * 1024);
    // pid 20 reused: CPU since its own start (30 ticks over 0.5 s), not a delta from the old.
    assert.equal(second.usage.get(20)?.cpu, 60);
    assert.deepEqual([...source.tracked].sort(), [10, 20], 'the exited pid is forgotten');

    source.clear();
    assert.deepEqual(source.tracked, []);
  });
});
