import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SafeEmitter } from '../../../src/emitter.js';
import type { ProgramEventMap } from '../../../src/events.js';
import type { LogLine } from '../../../src/logs/log-line.js';
import { LineFanout } from '../../../src/program/line-fanout.js';

/** A SafeEmitter that records the listener errors it is told about. */
function emitter(failures: string[], label: string): SafeEmitter<ProgramEventMap> {
  return new SafeEmitter<ProgramEventMap>(function report(event, error) {
    failures.push(`${label} ${event}: ${(error as Error).message}`);
  });
}

const line = (n: number): LogLine => ({
  name: 'app',
  group: 'app',
  stream: 'stdout',
  line: `line ${n}`,
  time: 1000 + n,
  continued: false,
});

describe('LineFanout', () => {
  it("calls the program's 'log' listeners, then the supervisor's, with the same LogLine", () => {
    const failures: string[] = [];
    const [own, parent] = [emitter(failures, 'own'), emitter(failures, 'parent')];
    const seen: string[] = [];
    const objects: LogLine[] = [];
    own.on('log', (l) => {
      seen.push(`own ${l.line}`);
      objects.push(l);
    });
    parent.on('log', (l) => {
      seen.push(`parent ${l.line}`);
      objects.push(l);
    });
    const fanout = new LineFanout(own, parent);
    fanout.deliver(line(1));
    fanout.deliver(line(2));
    assert.deepEqual(seen, ['own line 1', 'parent line 1', 'own line 2', 'parent line 2']);
    assert.equal(objects[0], objects[1]);
    assert.deepEqual(objects[0], line(1));
    assert.deepEqual(failures, []);
  });

  it('a listener that throws is reported by its own emitter; the others still run', () => {
    const failures: string[] = [];
    const [own, parent] = [emitter(failures, 'own'), emitter(failures, 'parent')];
    const seen: string[] = [];
    own.on('log', () => {
      throw new Error('own boom');
    });
    own.on('log', (l) => seen.push(`own ${l.line}`));
    parent.on('log', () => {
      throw new Error('parent boom');
    });
    parent.on('log', (l) => seen.push(`parent ${l.line}`));
    const fanout = new LineFanout(own, parent);
    fanout.deliver(line(1));
    assert.deepEqual(seen, ['own line 1', 'parent line 1']);
    assert.deepEqual(failures, ['own log: own boom', 'parent log: parent boom']);
  });

  it('listeners added or removed (by a listener too) count from the next line on', () => {
    const failures: string[] = [];
    const [own, parent] = [emitter(failures, 'own'), emitter(failures, 'parent')];
    const seen: string[] = [];
    const late = (l: LogLine) => seen.push(`late ${l.line}`);
    const second = (l: LogLine) => seen.push(`second ${l.line}`);
    parent.once('log', (l) => seen.push(`once ${l.line}`));
    own.on('log', (l) => {
      seen.push(`first ${l.line}`);
      if (l.line === 'line 1') {
        parent.off('log', second);
        parent.on('log', late);
      }
    });
    parent.on('log', second);
    const fanout = new LineFanout(own, parent);
    fanout.deliver(line(1));
    fanout.deliver(line(2));
    own.on('log', (l) => seen.push(`own again ${l.line}`));
    fanout.deliver(line(3));
    assert.deepEqual(seen, [
      'first line 1',
      'once line 1',
      'second line 1',
      'first line 2',
      'late line 2',
      'first line 3',
      'own again line 3',
      'late line 3',
    ]);
  });

  it('with no supervisor, or nobody listening, delivers to whoever is there', () => {
    const failures: string[] = [];
    const own = emitter(failures, 'own');
    const fanout = new LineFanout(own, undefined);
    fanout.deliver(line(1)); // nobody: nothing happens
    const seen: string[] = [];
    const off = own.on('log', (l) => seen.push(l.line));
    fanout.deliver(line(2));
    off();
    fanout.deliver(line(3));
    assert.deepEqual(seen, ['line 2']);
  });
});
