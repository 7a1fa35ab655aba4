import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseKeyValuePairs, shlexSplit } from '../../../src/config/shlex.js';
import { python, pythonMissing } from '../../helpers/python-supervisor.js';

const ENVIRONMENTS = [
  'A=1,B=2',
  'A="x",B="y z"',
  'PATH="/usr/local/bin:/usr/bin:/bin:/opt/node/bin"',
  'A=\'single\',B="double, with comma"',
  'A=x y',
  'A=50%',
  'A=x@y',
  'A=a#comment,B=2',
  'KEY_1=val-ue.+/:()',
  'A=""',
  'A="unclosed',
  'A=',
  'A',
  ' A = 1 , B = 2 ',
  'A=abc"def"',
  'A=1\nB=2',
  'A="multi\nline"',
];

const COMMANDS = [
  '/usr/bin/node /srv/http.js',
  '/opt/node/bin/npm start',
  `/bin/sh -c "echo a; sleep 1 & wait"`,
  `cmd 'single quoted' "double \\"quoted\\"" back\\ slash`,
  'cmd "a\\b" \'c\\d\'',
  'cmd "" empty',
  'cmd "unclosed',
  'trailing\\',
  'cmd  --flag=%x   tab\tsep',
];

describe('config/shlex: supervisord splitting', () => {
  it('parses environment= exactly as dict_of_key_value_pairs', { skip: pythonMissing }, () => {
    const expected = python(
      'from supervisor.datatypes import dict_of_key_value_pairs as f',
      ENVIRONMENTS,
    );
    ENVIRONMENTS.forEach((text, i) => {
      const want = expected[i];
      if (want?.error !== undefined) assert.throws(() => parseKeyValuePairs(text), Error, text);
      else assert.deepEqual(parseKeyValuePairs(text), want?.ok, text);
    });
  });

  it('splits command= exactly as shlex.split', { skip: pythonMissing }, () => {
    const expected = python('import shlex\nf = shlex.split', COMMANDS);
    COMMANDS.forEach((text, i) => {
      const want = expected[i];
      if (want?.error !== undefined) assert.throws(() => shlexSplit(text), Error, text);
      else assert.deepEqual(shlexSplit(text), want?.ok, text);
    });
  });

  it("gives supervisord's message for a broken environment", () => {
    assert.throws(() => parseKeyValuePairs('A=1,B'), /Unexpected end of key\/value pairs/);
  });

  it('keeps quoted commas and spaces in values', () => {
    assert.deepEqual(parseKeyValuePairs('A="x, y",B=\'z w\''), { A: 'x, y', B: 'z w' });
  });
});
