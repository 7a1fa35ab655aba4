import assert from 'node:assert/strict';
import { on, once } from 'node:events';
import { describe, it } from 'node:test';
import { EventSource, SafeEmitter } from '../../src/emitter.js';
import { Supervisor } from '../../src/index.js';

type Events = { tick: [n: number]; error: [event: { error: Error }] };

class Source extends EventSource<Events> {
  emit<E extends keyof Events>(event: E, ...args: Events[E]): boolean {
    return this.emitter.emit(event, ...args);
  }
  count(event: keyof Events): number {
    return this.emitter.listenerCount(event);
  }
  protected onListenerError(): void {}
}

describe('EventSource', () => {
  it('on() returns an unsubscribe function that is also Disposable', () => {
    const source = new Source();
    const seen: number[] = [];
    const off = source.on('tick', (n) => seen.push(n));
    source.emit('tick', 1);
    off();
    source.emit('tick', 2);
    {
      using _sub = source.on('tick', (n) => seen.push(n * 10));
      source.emit('tick', 3);
    }
    source.emit('tick', 4);
    assert.deepEqual(seen, [1, 30]);
    assert.equal(source.count('tick'), 0);
  });

  it('listeners changed during an emit count from the next emit on (as with a copy)', () => {
    const source = new Source();
    const calls: string[] = [];
    const late = (n: number) => calls.push(`late ${n}`);
    const second = (n: number) => calls.push(`second ${n}`);
    source.once('tick', (n) => calls.push(`once ${n}`));
    source.on('tick', (n) => {
      calls.push(`first ${n}`);
      if (n === 1) {
        source.off('tick', second); // still called for 1, not for 2
        source.on('tick', late); // called from 2 on
      }
    });
    source.on('tick', second);
    assert.equal(source.emit('tick', 1), true);
    source.emit('tick', 2);
    source.emit('tick', 3);
    assert.deepEqual(calls, [
      'once 1',
      'first 1',
      'second 1',
      'first 2',
      'late 2',
      'first 3',
      'late 3',
    ]);
    source.off('tick', late);
    assert.equal(source.count('tick'), 1);
  });

  it('emit() without listeners returns false', () => {
    const source = new Source();
    assert.equal(source.emit('tick', 1), false);
    const off = source.on('tick', () => {});
    assert.equal(source.emit('tick', 1), true);
    off();
    assert.equal(source.emit('tick', 1), false);
  });

  it('off() and removeListener() remove a once() listener by the function given', () => {
    const source = new Source();
    const seen: number[] = [];
    const listener = (n: number) => seen.push(n);
    source.once('tick', listener);
    source.removeListener('tick', listener);
    source.emit('tick', 1);
    assert.deepEqual(seen, []);
    assert.equal(source.count('tick'), 0);
  });

  it("events.on(source, 'tick', { signal }) iterates, and ends cleanly on abort", async () => {
    const source = new Source();
    const controller = new AbortController();
    const seen: number[] = [];
    const done = (async () => {
      try {
        for await (const [n] of on(source as never, 'tick', { signal: controller.signal })) {
          seen.push(n as number);
          if (seen.length === 2) controller.abort();
        }
      } catch (error) {
        assert.equal((error as Error).name, 'AbortError');
      }
    })();
    await new Promise((resolve) => setImmediate(resolve));
    source.emit('tick', 1);
    source.emit('tick', 2);
    await done;
    assert.deepEqual(seen, [1, 2]);
    assert.equal(source.count('tick'), 0, 'the iteration removed its listener');
    assert.equal(source.count('error'), 0, 'and its error listener');
  });

  it('breaking out of events.on() removes its listeners', async () => {
    const source = new Source();
    const iterate = (async () => {
      for await (const [n] of on(source as never, 'tick')) if (n === 1) break;
    })();
    await new Promise((resolve) => setImmediate(resolve));
    source.emit('tick', 1);
    await iterate;
    assert.equal(source.count('tick'), 0);
    assert.equal(source.count('error'), 0);
  });

  it('events.once() resolves with the arguments and leaves no listener', async () => {
    const source = new Source();
    const next = once(source as never, 'tick');
    source.emit('tick', 7);
    assert.deepEqual(await next, [7]);
    assert.equal(source.count('tick'), 0);
    assert.equal(source.count('error'), 0);
  });

  it('events.once() with an aborted signal rejects and leaves no listener', async () => {
    const source = new Source();
    const controller = new AbortController();
    const next = once(source as never, 'tick', { signal: controller.signal });
    controller.abort();
    await assert.rejects(next, { name: 'AbortError' });
    assert.equal(source.count('tick'), 0);
    assert.equal(source.count('error'), 0);
  });

  it("works on a Supervisor: events.once(sup, 'add')", async () => {
    const sup = new Supervisor({ handleSignals: false, killOnHostDeath: false });
    const added = once(sup as never, 'add');
    sup.add({ name: 'idle', command: 'node -e ""', autostart: false });
    const [ref] = await added;
    assert.deepEqual(ref, { name: 'idle', group: 'idle' });
    await sup[Symbol.asyncDispose]();
  });
});

describe('SafeEmitter snapshot() and version', () => {
  it('a snapshot stays the same array until a listener of any event is added or removed', () => {
    const errors: string[] = [];
    const emitter = new SafeEmitter<Events>((event, error) => errors.push(`${event} ${error}`));
    assert.deepEqual(emitter.snapshot('tick'), []);
    const v0 = emitter.version;
    const first = (n: number) => n;
    emitter.on('tick', first);
    const snapshot = emitter.snapshot('tick');
    assert.deepEqual(snapshot, [first]);
    assert.ok(emitter.version > v0);
    const v1 = emitter.version;
    emitter.emit('tick', 1);
    assert.equal(emitter.snapshot('tick'), snapshot, 'unchanged by an emit');
    assert.equal(emitter.version, v1);
    emitter.once('error', () => {});
    assert.ok(emitter.version > v1, 'another event changed too');
    const v2 = emitter.version;
    emitter.off('tick', first);
    assert.ok(emitter.version > v2);
    assert.deepEqual(snapshot, [first], 'the old snapshot is not changed');
    assert.deepEqual(emitter.snapshot('tick'), []);
  });

  it('listenerFailed() reports as a throwing listener in emit() does', () => {
    const errors: string[] = [];
    const emitter = new SafeEmitter<Events>((event, error) =>
      errors.push(`${event} ${(error as Error).message}`),
    );
    emitter.on('tick', () => {
      throw new Error('in emit');
    });
    emitter.emit('tick', 1);
    emitter.listenerFailed('tick', new Error('from a caller'));
    assert.deepEqual(errors, ['tick in emit', 'tick from a caller']);
  });
});
