import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  encodeFault,
  encodeResponse,
  encodeValue,
  escapeXml,
  parseCall,
  RpcParseError,
} from '../../../src/control/xmlrpc-codec.js';

const call = (params: string) =>
  `<?xml version='1.0'?>\n<methodCall>\n<methodName>supervisor.x</methodName>\n<params>\n${params}</params>\n</methodCall>\n`;

describe('xmlrpc codec', () => {
  it('parses every type Python xmlrpc.client sends, keeping string whitespace', () => {
    const { method, params } = parseCall(
      call(
        '<param><value><string> a &amp; b &lt;c&gt; &#65; </string></value></param>' +
          '<param><value>bare text</value></param>' +
          '<param><value><int>-1600</int></value></param>' +
          '<param><value><i4>7</i4></value></param>' +
          '<param><value><boolean>0</boolean></value></param>' +
          '<param><value><double>1.5</double></value></param>' +
          '<param><value><string></string></value></param>' +
          '<param><value><base64>aGk=</base64></value></param>' +
          '<param><value><array><data>\n<value><struct><member><name>methodName</name><value><string>m</string></value></member>' +
          '<member><name>params</name><value><array><data></data></array></value></member></struct></value>\n' +
          '</data></array></value></param>',
      ),
    );
    assert.equal(method, 'supervisor.x');
    assert.deepEqual(params, [
      ' a & b <c> A ',
      'bare text',
      -1600,
      7,
      false,
      1.5,
      '',
      'hi',
      [{ methodName: 'm', params: [] }],
    ]);
  });

  it('accepts a call without <params>', () => {
    assert.deepEqual(parseCall('<methodCall><methodName>a.b</methodName></methodCall>'), {
      method: 'a.b',
      params: [],
    });
  });

  it('refuses DTDs, bad integers, unknown types and calls without a method', () => {
    for (const bad of [
      '<!DOCTYPE x [<!ENTITY a "b">]><methodCall><methodName>a.b</methodName></methodCall>',
      call('<param><value><int>12x</int></value></param>'),
      call('<param><value><boolean>yes</boolean></value></param>'),
      call('<param><value><blob>1</blob></value></param>'),
      '<methodCall><params/></methodCall>',
      '<nope/>',
    ]) {
      assert.throws(() => parseCall(bad), RpcParseError, bad);
    }
  });

  it('a struct member named __proto__ cannot reach the prototype', () => {
    const { params } = parseCall(
      call(
        '<param><value><struct><member><name>__proto__</name><value><string>x</string></value></member></struct></value></param>',
      ),
    );
    assert.deepEqual(params, [{}]);
    assert.equal(Object.getPrototypeOf(params[0]), Object.prototype);
  });

  it('writes ints in the i4 range as <int>, others as <double>; arrays and structs nest', () => {
    assert.equal(encodeValue(5), '<value><int>5</int></value>');
    assert.equal(encodeValue(2 ** 31), '<value><double>2147483648</double></value>');
    assert.equal(encodeValue(true), '<value><boolean>1</boolean></value>');
    assert.equal(
      encodeValue({ a: ['x', 1] }),
      '<value><struct><member><name>a</name><value><array><data><value><string>x</string></value><value><int>1</int></value></data></array></value></member></struct></value>',
    );
  });

  it('escapes markup and replaces characters XML cannot carry (ANSI escapes, lone surrogates)', () => {
    assert.equal(escapeXml('<a href="x">&</a>'), '&lt;a href="x"&gt;&amp;&lt;/a&gt;');
    assert.equal(escapeXml('\u001b[31mred\u001b[0m\ttab'), '\ufffd[31mred\ufffd[0m\ttab');
    assert.equal(escapeXml('ok \ud83d\ude00 bad \ud800'), 'ok \ud83d\ude00 bad \ufffd');
  });

  it('responses and faults round-trip through the parser shape', () => {
    assert.match(
      encodeResponse('x'),
      /^<\?xml version='1\.0'\?>\n<methodResponse><params><param><value><string>x<\/string>/,
    );
    assert.match(
      encodeFault(10, 'BAD_NAME: a<b'),
      /<fault><value><struct><member><name>faultCode<\/name><value><int>10<\/int><\/value><\/member><member><name>faultString<\/name><value><string>BAD_NAME: a&lt;b<\/string>/,
    );
  });
});
