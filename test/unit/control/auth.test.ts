import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { describe, it } from 'node:test';
import { basicAuth, hostAllowed, hostOf, sameOrigin } from '../../../src/control/auth.js';
import { controlSettings } from '../../../src/control/options.js';
import { OptionError } from '../../../src/index.js';

const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;
const basic = (user: string, pass: string) =>
  `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

describe('control auth', () => {
  it('checks basic credentials exactly (a colon in the password is fine)', () => {
    const check = basicAuth(controlSettings({ username: 'u', password: 'p:q' }));
    assert.equal(check(req({ authorization: basic('u', 'p:q') })), true);
    assert.equal(check(req({ authorization: basic('u', 'p:') })), false);
    assert.equal(check(req({ authorization: basic('U', 'p:q') })), false);
    assert.equal(check(req({ authorization: 'Bearer x' })), false);
    assert.equal(check(req({})), false);
  });

  it("a {SHA} password (supervisord's hashed form) checks the SHA-1 of what is sent", () => {
    const sha = createHash('sha1').update('thepassword').digest('hex');
    const check = basicAuth(controlSettings({ username: 'u', password: `{SHA}${sha}` }));
    assert.equal(check(req({ authorization: basic('u', 'thepassword') })), true);
    assert.equal(check(req({ authorization: basic('u', `{SHA}${sha}`) })), false);
  });

  it('without credentials every request passes', () => {
    assert.equal(basicAuth(controlSettings({}))(req({})), true);
  });

  it('wants username and password together', () => {
    assert.throws(
      () => controlSettings({ username: 'u' }),
      (e: unknown) => {
        assert.ok(e instanceof OptionError);
        assert.equal(e.option, 'password');
        assert.match(e.message, /Give both username and password, or neither/);
        return true;
      },
    );
    assert.throws(() => controlSettings({ prot: 1 } as never), /Known options: username/);
    assert.throws(() => controlSettings({ basePath: 'x/' }), /basePath/);
  });

  it('Host names: IP literals and localhost only when there are no credentials', () => {
    const open = controlSettings({});
    assert.equal(hostAllowed(req({ host: '127.0.0.1:9001' }), open), true);
    assert.equal(hostAllowed(req({ host: 'localhost:9001' }), open), true);
    assert.equal(hostAllowed(req({ host: '[::1]:9001' }), open), true);
    assert.equal(hostAllowed(req({ host: 'attacker.example:9001' }), open), false);
    const closed = controlSettings({ username: 'u', password: 'p' });
    assert.equal(hostAllowed(req({ host: 'box.internal:9001' }), closed), true);
    assert.equal(hostOf('[::1]:80'), '[::1]');
  });

  it('same origin: no Origin header, or one naming this host', () => {
    assert.equal(sameOrigin(req({ host: 'a:1' })), true);
    assert.equal(sameOrigin(req({ host: 'a:1', origin: 'http://a:1' })), true);
    assert.equal(sameOrigin(req({ host: 'a:1', origin: 'http://b:1' })), false);
    assert.equal(sameOrigin(req({ host: 'a:1', origin: 'null' })), false);
  });
});
