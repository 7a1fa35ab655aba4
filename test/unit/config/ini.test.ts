import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../../../src/config/errors.js';
import { readIni } from '../../../src/config/ini.js';
import { python, pythonMissing } from '../../helpers/python-supervisor.js';

/** Texts that exercise the rules; each is parsed by supervisord's parser and by ours. */
const CORPUS = [
  '[a]\nk=v\n',
  '[a]\nk = v ; comment\nj=x;y\n',
  '[a]\nk=a#b ;c\n',
  '[a]\nk=a#b #c ;d\n',
  '[a]\nk=v\t#tab comment\n',
  '[a]\n; full line\n# also\nk: colon value\n',
  '[a]\nKey=Upper\nkEY=again\n',
  '[a]\nk=first\n  second\n\tthird\n',
  '[a]\nk=first\n\n  after blank\nj=2\n',
  '[a]\nk=first\n  ; comment line\n  more\n',
  '[a]\nk=\nj= spaced  \n',
  '[a]\nk=1\n[b]\nk=2\n[a]\nm=3\n',
  '[DEFAULT]\nd=1\n[a]\nk=2\n',
  '[a] trailing\nk=v\n',
  '[a]\n  indented=key\n',
  '[a]\nk=v=w:x\nurl=unix:///tmp/s.sock\n',
  '[a]\r\nk=crlf\r\nj=2\r\n',
  '[program:x]\ncommand=/bin/sh -c "echo a;b"   ; run it\nenvironment=A="1",B="2"\n',
];

const PY = `
from supervisor.options import UnhosedConfigParser
def f(text):
    p = UnhosedConfigParser()
    p.read_string(text)
    return {s: dict(p.items(s)) for s in p.sections()}
`;

function ours(text: string): Record<string, Record<string, string>> {
  const doc = readIni(text, '<string>');
  const out: Record<string, Record<string, string>> = {};
  for (const s of doc.sections.values()) {
    const merged = new Map([...doc.defaults, ...s.entries]);
    out[s.name] = Object.fromEntries([...merged].map(([k, e]) => [k, e.value]));
  }
  return out;
}

describe('config/ini: supervisord 4.2 parser rules', () => {
  it('reads every corpus text exactly as supervisord does', { skip: pythonMissing }, () => {
    const expected = python(PY, CORPUS);
    CORPUS.forEach((text, i) => {
      assert.deepEqual(ours(text), expected[i]?.ok, `text ${JSON.stringify(text)}`);
    });
  });

  it('keeps ";" without whitespace before it, strips it after whitespace', () => {
    assert.equal(ours('[a]\nk=a;b ;c\n').a?.k, 'a;b');
  });

  it('joins continuation lines and lowercases keys', () => {
    assert.deepEqual(ours('[a]\nFiles=x\n  y\n'), { a: { files: 'x\ny' } });
  });

  it('names the file and line of a line that is no key = value', () => {
    assert.throws(
      () => readIni('[a]\nk=v\njust words\n', '/etc/x.conf'),
      (e: ConfigError) =>
        e instanceof ConfigError &&
        e.line === 3 &&
        e.section === 'a' &&
        /\/etc\/x\.conf:3 \[a\]/.test(e.message),
    );
  });

  it('rejects a key before any section', () => {
    assert.throws(() => readIni('k=v\n', 'f.conf'), /f\.conf:1: .*section header/);
  });

  it('records the line of every key', () => {
    const doc = readIni('[a]\n\nk=v\n  more\nj=2\n', 'f');
    assert.equal(doc.sections.get('a')?.entries.get('k')?.line, 3);
    assert.equal(doc.sections.get('a')?.entries.get('j')?.line, 5);
  });
});
