import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Expansion, expandValue } from '../../../src/config/expand.js';
import { python, pythonMissing } from '../../helpers/python-supervisor.js';

const NAMES: Record<string, string | number> = {
  here: '/etc/supervisor',
  program_name: 'web',
  group_name: 'site',
  process_num: 3,
  numprocs: 4,
  host_node_name: 'box',
  ENV_HOME: '/root',
};

const TEXTS = [
  'plain',
  '%(here)s/conf.d',
  '%(program_name)s_%(process_num)02d',
  '%(process_num)d/%(numprocs)d',
  '%(process_num)5d|%(process_num)-5d|%(process_num)+d',
  '%(program_name)10s|%(program_name)-6s|%(program_name).2s',
  '%(process_num)x %(process_num)o %(process_num)03X',
  '100%%',
  '%(ENV_HOME)s/.cache',
  '%(nope)s',
  'date +%Y',
  'trailing %',
  '%(program_name)d',
  '%(host_node_name)s:%(group_name)s',
];

const map = new Map<string, Expansion>(Object.entries(NAMES));

describe('config/expand: Python %-expansion as supervisord', () => {
  it('expands every text as Python does, and fails where it fails', { skip: pythonMissing }, () => {
    const expected = python(`N = ${JSON.stringify(NAMES)}\ndef f(t):\n    return t % N`, TEXTS);
    TEXTS.forEach((text, i) => {
      const want = expected[i];
      if (want?.error !== undefined) assert.throws(() => expandValue(text, map), Error, text);
      else assert.equal(expandValue(text, map), want?.ok, text);
    });
  });

  it('names the missing name and the available ones', () => {
    assert.throws(
      () => expandValue('%(nope)s', map),
      /names \('nope'\).*Available names: group_name, here/,
    );
  });

  it('keeps member names as templates and doubles literal %', () => {
    const keep = new Set(['process_num']);
    assert.equal(
      expandValue('%(program_name)s_%(process_num)02d 100%%', map, { keep, template: true }),
      'web_%(process_num)02d 100%%',
    );
  });
});
