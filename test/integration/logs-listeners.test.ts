import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ListenerError, type LogLine } from '../../src/index.js';
import { nodeFixture, tempDir, testSupervisor } from '../helpers/processes.js';

const COUNT = 20_000;

describe("'log' listeners on a Program and on its Supervisor", () => {
  it('both get every line as the same LogLine; throwing listeners are reported, others go on', async () => {
    await using dir = await tempDir();
    await using sup = testSupervisor({ logDir: dir.path });
    const program = sup.add({
      name: 'printer',
      command: nodeFixture('print-lines.js', COUNT),
      autostart: false,
      autorestart: false,
      startSecs: 0,
    });
    const own: LogLine[] = [];
    const theirs: LogLine[] = [];
    const programErrors: unknown[] = [];
    const supervisorErrors: unknown[] = [];
    program.on('log', () => {
      throw new Error('program listener');
    });
    program.on('log', (line) => own.push(line));
    sup.on('log', (line) => {
      if (line.line === 'line 10') throw new Error('supervisor listener');
    });
    sup.on('log', (line) => theirs.push(line));
    program.on('error', (e) => programErrors.push(e.error));
    sup.on('error', (e) => {
      if (!('name' in e)) supervisorErrors.push(e.error);
    });
    // Removes itself at line 100: gets lines 1..100 only.
    const early: string[] = [];
    const stopAt100 = (line: LogLine) => {
      early.push(line.line);
      if (line.line === 'line 100') sup.off('log', stopAt100);
    };
    sup.on('log', stopAt100);
    const iterated: string[] = [];
    const iterating = (async () => {
      for await (const line of program.lines()) {
        iterated.push(line.line);
        if (iterated.length === COUNT) break;
      }
    })();
    const last = program.waitForLine(`line ${COUNT}`, { timeoutMs: 20_000 });
    await program.start();
    const match = await last;
    await iterating;
    await program.waitFor('EXITED', { timeoutMs: 20_000 });
    assert.equal(match.line.line, `line ${COUNT}`);
    assert.equal(match.line, own.at(-1), 'waitForLine() gets the same LogLine');
    assert.equal(iterated.length, COUNT);
    assert.equal(own.length, COUNT);
    assert.equal(theirs.length, COUNT);
    for (let i = 0; i < COUNT; i++) {
      const line = own[i] as LogLine;
      assert.equal(line, theirs[i], 'the same object for both');
      assert.deepEqual(Object.keys(line), ['name', 'group', 'stream', 'line', 'time', 'continued']);
      assert.equal(line.line, `line ${i + 1}`);
    }
    assert.deepEqual(
      { ...own[0], time: 0 },
      {
        name: 'printer',
        group: 'printer',
        stream: 'stdout',
        line: 'line 1',
        time: 0,
        continued: false,
      },
    );
    assert.equal(typeof own[0]?.time, 'number');
    assert.deepEqual(
      early,
      Array.from({ length: 100 }, (_, i) => `line ${i + 1}`),
    );
    assert.equal(programErrors.length, COUNT);
    assert.ok(programErrors.every((e) => e instanceof ListenerError && e.event === 'log'));
    assert.equal(supervisorErrors.length, 1);
    assert.ok(supervisorErrors[0] instanceof ListenerError);
    assert.match(String((supervisorErrors[0] as ListenerError).cause), /supervisor listener/);
  });
});
