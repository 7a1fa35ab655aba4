import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HttpResponseReader } from '../../../src/health/http-response.js';

const feed = (...chunks: string[]) => {
  const r = new HttpResponseReader();
  let out: ReturnType<HttpResponseReader['push']>;
  for (const c of chunks) out = r.push(Buffer.from(c, 'latin1'));
  return { r, out: out };
};

describe('HttpResponseReader (the keep-alive probe reads responses itself)', () => {
  it('Content-Length, split anywhere; keep-alive by default in HTTP/1.1', () => {
    const { out } = feed('HTTP/1.1 200 OK\r\nContent-Le', 'ngth: 5\r\n\r\nhel', 'lo');
    assert.deepEqual(out, { status: 200, body: 'hello', reusable: true });
  });

  it('a borrowed chunk (one read buffer reused for every read) may be overwritten after push', () => {
    const shared = Buffer.alloc(64);
    const read = (text: string) => shared.subarray(0, shared.write(text, 'latin1'));
    const r = new HttpResponseReader();
    // Split in the head, then in a chunked body: each read overwrites the one before.
    assert.equal(r.push(read('HTTP/1.1 200 OK\r\nTransfer-Enc')), undefined);
    assert.equal(r.push(read('oding: chunked\r\n\r\n5\r\nhel')), undefined);
    shared.fill(0x58);
    assert.deepEqual(r.push(read('lo\r\n0\r\n\r\n')), {
      status: 200,
      body: 'hello',
      reusable: true,
    });
  });

  it('chunked, with and without trailers; 1xx skipped', () => {
    const chunked = feed(
      'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 503 No\r\nTransfer-Encoding: chunked\r\n\r\n',
      '4\r\ndown\r\n0\r\n\r\n',
    );
    assert.deepEqual(chunked.out, { status: 503, body: 'down', reusable: true });
    const trailers = feed(
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\nX-T: 1\r\n',
      '\r\n',
    );
    assert.equal(trailers.out?.status, 200);
  });

  it('Connection: close and HTTP/1.0 are not reused; a close-delimited body ends at the close', () => {
    assert.equal(
      feed('HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n').out?.reusable,
      false,
    );
    assert.equal(feed('HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n').out?.reusable, false);
    const { r, out } = feed('HTTP/1.1 200 OK\r\n\r\npartial');
    assert.equal(out, undefined);
    assert.deepEqual(r.end(), { status: 200, body: 'partial', reusable: false });
  });

  it('header names in any case, blanks around them; look-alike names are not taken', () => {
    const { out } = feed(
      'HTTP/1.1 200 OK\r\nX-Content-Length: 99\r\nContent-Length-X: 98\r\n' +
        'CONTENT-length :  3\r\nX-Connection: close\r\n\r\nabc',
    );
    assert.deepEqual(out, { status: 200, body: 'abc', reusable: true });
    const closing = feed('HTTP/1.1 200 OK\r\n\tConnection:Close\r\nContent-Length: 0\r\n\r\n');
    assert.equal(closing.out?.reusable, false);
  });

  it('a reply that is not HTTP throws (the probe fails and reconnects)', () => {
    assert.throws(() => feed('SSH-2.0-OpenSSH\r\n\r\n'), /not an HTTP response/);
  });
});
