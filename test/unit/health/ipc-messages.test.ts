import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isReadyMessage, MessageHub, wantsIpc } from '../../../src/health/ipc-messages.js';
import { normalizeProgramOptions } from '../../../src/options/normalize.js';

describe('IPC messages', () => {
  it("a ready message is the string, or an object with it set to true (pm2's wait_ready)", () => {
    assert.ok(isReadyMessage('ready', 'ready'));
    assert.ok(isReadyMessage({ ready: true, port: 4000 }, 'ready'));
    assert.ok(!isReadyMessage({ ready: 'yes' }, 'ready'));
    assert.ok(!isReadyMessage('online', 'ready'));
    assert.ok(!isReadyMessage(null, 'ready'));
  });

  it('the hub resolves the first accepted message and forgets the waiter; abort rejects', async () => {
    const hub = new MessageHub();
    const found = hub.waitFor((m) => isReadyMessage(m, 'ready'), new AbortController().signal);
    hub.deliver('hello');
    hub.deliver({ ready: true, port: 1 });
    assert.deepEqual(await found, { ready: true, port: 1 });
    assert.equal(hub.size, 0);
    const abort = new AbortController();
    const waiting = hub.waitFor(() => true, abort.signal);
    abort.abort(new Error('run ended'));
    await assert.rejects(waiting, /run ended/);
    assert.equal(hub.size, 0);
  });

  it('a channel only for programs that ask: readiness.message or liveness.heartbeat', () => {
    const config = (over: object) =>
      normalizeProgramOptions({ name: 'w', command: 'node x.js', ...over });
    assert.equal(wantsIpc(config({})), false);
    assert.equal(
      wantsIpc(config({ readiness: { line: 'up' }, liveness: { silenceSecs: 3 } })),
      false,
    );
    assert.equal(wantsIpc(config({ readiness: { message: 'ready' } })), true);
    assert.equal(wantsIpc(config({ liveness: { silenceSecs: 3, heartbeat: true } })), true);
  });
});
