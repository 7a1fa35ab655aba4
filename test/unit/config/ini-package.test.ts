/**
 * Why src/config/ini.ts exists: the maintained npm INI parser (`ini`, npm's own) does not
 * read supervisord.conf as supervisord does. Each case is a rule supervisord 4.2 follows
 * (checked against its own parser in ini.test.ts) that `ini` breaks.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'ini';
import { readIni } from '../../../src/config/ini.js';

const ours = (text: string) => {
  const doc = readIni(text, '<string>');
  return Object.fromEntries(
    [...doc.sections.values()].map((s) => [
      s.name,
      Object.fromEntries([...s.entries].map(([k, e]) => [k, e.value])),
    ]),
  );
};

const CASES: { rule: string; text: string; section: string; key: string; supervisord: string }[] = [
  {
    rule: "';' without whitespace before it is no comment",
    text: '[p]\ncommand=echo a;b\n',
    section: 'p',
    key: 'command',
    supervisord: 'echo a;b',
  },
  {
    rule: 'indented lines continue the value',
    text: '[include]\nfiles=a.conf\n  b.conf\n',
    section: 'include',
    key: 'files',
    supervisord: 'a.conf\nb.conf',
  },
  {
    rule: 'keys are case-insensitive',
    text: '[p]\nAutoStart=true\n',
    section: 'p',
    key: 'autostart',
    supervisord: 'true',
  },
  {
    rule: 'values stay text',
    text: '[p]\nautostart=true\n',
    section: 'p',
    key: 'autostart',
    supervisord: 'true',
  },
  {
    rule: 'dots in section names do not nest',
    text: '[program:a.b]\ncommand=x\n',
    section: 'program:a.b',
    key: 'command',
    supervisord: 'x',
  },
];

describe("config: npm's ini package does not follow supervisord's rules", () => {
  for (const c of CASES) {
    it(c.rule, () => {
      assert.equal(ours(c.text)[c.section]?.[c.key], c.supervisord);
      const theirs = (parse(c.text) as Record<string, Record<string, unknown>>)[c.section]?.[c.key];
      assert.notStrictEqual(theirs, c.supervisord, `ini gives ${JSON.stringify(theirs)}`);
    });
  }
});
