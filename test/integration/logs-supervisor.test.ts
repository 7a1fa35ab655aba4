import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { LogLine } from '../../src/index.js';
import { readSeries } from '../helpers/logs-helpers.js';
import { nodeFixture, tempDir, testSupervisor } from '../helpers/processes.js';

/** Splits a log into lines, checking it ends with a newline. */
function linesOf(text: string): string[] {
  const lines = text.split('\n');
  assert.equal(lines.pop(), '', 'ends with a newline');
  return lines;
}

/**
 * Asserts `lines` is "<prefix>1", "<prefix>2", ... ; with `cut`, the last one may be cut short
 * (a run killed in the middle of a write).
 */
function assertRun(lines: readonly string[], prefix: string, cut: boolean): void {
  const full = cut ? lines.length - 1 : lines.length;
  for (let i = 0; i < full; i++) {
    if (lines[i] !== `${prefix}${i + 1}`) assert.fail(`line ${i + 1}: ${JSON.stringify(lines[i])}`);
  }
  if (cut) assert.ok(`${prefix}${lines.length}`.startsWith(lines.at(-1) ?? 'x'), `${lines.at(-1)}`);
}

describe('log capture through Supervisor and Program', () => {
  it('1,000,000 lines through 50+ rotations: every line once, in order, none split', async () => {
    await using dir = await tempDir();
    await using sup = testSupervisor({ logDir: dir.path });
    const program = sup.add({
      name: 'printer',
      command: nodeFixture('print-lines.js', 1_000_000),
      autostart: false,
      autorestart: false,
      startSecs: 0,
      stdoutLogfileMaxbytes: 200 * 1024,
      stdoutLogfileBackups: 100,
    });
    const last = program.waitForLine(/^line 1000000$/, { timeoutMs: 20_000 });
    await program.start();
    await last;
    await program.waitFor('EXITED', { timeoutMs: 20_000 });
    await sup.remove('printer');
    const { text, files } = readSeries(join(dir.path, 'printer-stdout.log'), 100);
    assert.ok(files.length > 51, `${files.length} files`);
    const lines = linesOf(text);
    assert.equal(lines.length, 1_000_000);
    assertRun(lines, 'line ', false);
    for (const file of files) assert.match(readFileSync(file, 'utf8'), /^line \d+\n[\s\S]*\n$/);
  });

  it('redirectStderr: one file of whole lines; typed log events for both streams', async () => {
    await using dir = await tempDir();
    await using sup = testSupervisor({ logDir: dir.path });
    const events: LogLine[] = [];
    sup.on('log', (line) => events.push(line));
    const program = sup.add({
      name: 'both',
      command: nodeFixture('print-both-streams.js', 4000),
      autostart: false,
      autorestart: false,
      startSecs: 0,
      redirectStderr: true,
      logTimestamps: true,
    });
    const last = program.waitForLine(/^err 4000 /, { timeoutMs: 10_000 });
    await program.start();
    await last;
    await program.waitFor('EXITED', { timeoutMs: 10_000 });
    await sup.remove('both');
    const lines = linesOf(readFileSync(join(dir.path, 'both-stdout.log'), 'utf8'));
    assert.equal(lines.length, 4000);
    for (const line of lines) assert.match(line, /^\S+Z (out|err) \d+ x*$/);
    assert.equal(events.length, 4000);
    assert.deepEqual(
      events.filter((e) => e.stream === 'stderr').map((e) => Number(e.line.split(' ')[1])),
      Array.from({ length: 2000 }, (_, i) => 2 * (i + 1)),
    );
    assert.equal(events[0]?.name, 'both');
  });

  it('a restart in the middle of a flood loses and duplicates nothing', async () => {
    await using dir = await tempDir();
    await using sup = testSupervisor({ logDir: dir.path });
    const program = sup.add({
      name: 'flood',
      command: nodeFixture('print-lines.js', 100_000_000, 'n '),
      autostart: false,
      startSecs: 0,
      stdoutLogfileMaxbytes: '1MB',
      stdoutLogfileBackups: 1000,
    });
    const first = program.waitForLine(/^n 50000$/, { timeoutMs: 20_000 });
    await program.start();
    await first;
    const second = program.waitForLine(/^n 50000$/, { since: 'now', timeoutMs: 20_000 });
    await program.restart();
    await second;
    await sup.remove('flood');
    const lines = linesOf(readSeries(join(dir.path, 'flood-stdout.log'), 1000).text);
    // The second run's 'n 1' (the first run's last line may be cut to 'n 1' by the kill).
    const restartAt = lines.findIndex((l, i) => i > 0 && l === 'n 1' && lines[i + 1] === 'n 2');
    assert.ok(restartAt >= 50_000, `second run starts at ${restartAt}`);
    assertRun(lines.slice(0, restartAt), 'n ', true);
    assertRun(lines.slice(restartAt), 'n ', true);
    assert.equal(program.tail(1)[0]?.line, lines.at(-1));
  });
});
