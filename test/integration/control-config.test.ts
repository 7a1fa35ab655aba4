import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { serveControl } from '../../src/control/index.js';
import { loadSupervisordConfig } from '../../src/index.js';
import { SUPERVISORCTL, supervisorctl } from '../helpers/control.js';
import { fixture, tempDir, testSupervisor } from '../helpers/processes.js';

const skip = SUPERVISORCTL ? false : 'supervisorctl is not installed';

const program = (name: string, dir: string, args = '') => `
[program:${name}]
command=${process.execPath} ${fixture('print-forever.js')} 50 ${args}
startsecs=0
stdout_logfile=${dir}/${name}.log
`;

describe('supervisorctl reread, update and clear against a supervisor loaded from a file', {
  skip,
}, () => {
  it('reread lists the changes, update applies them, clear empties the log file', async () => {
    await using dir = await tempDir();
    const file = join(dir.path, 'supervisord.conf');
    writeFileSync(file, program('a', dir.path) + program('b', dir.path));
    const loaded = loadSupervisordConfig(file);
    await using sup = testSupervisor(loaded.options);
    await sup.update(loaded.config);
    await sup.start();
    const server = await serveControl(sup, { port: 0 });
    const ctl = (...args: string[]) => supervisorctl(server.url, undefined, ...args);
    try {
      await sup.get('a')?.waitForLine(/tick 3$/);
      await sup.get('a')?.readLog(); // flushed to the file
      assert.match(readFileSync(join(dir.path, 'a.log'), 'utf8'), /^tick 1$/m);
      assert.equal((await ctl('clear', 'a')).stdout, 'a: cleared\n');
      assert.doesNotMatch(readFileSync(join(dir.path, 'a.log'), 'utf8'), /^tick 1$/m, 'emptied');

      assert.equal((await ctl('reread')).stdout, 'No config updates to processes\n');
      writeFileSync(file, program('a', dir.path, 'changed') + program('c', dir.path));
      assert.equal((await ctl('reread')).stdout, 'a: changed\nb: disappeared\nc: available\n');
      const update = await ctl('update');
      assert.equal(
        update.stdout,
        'b: stopped\nb: removed process group\na: stopped\na: updated process group\nc: added process group\n',
      );
      assert.deepEqual(
        sup.info().map((i) => [i.name, i.state]),
        [
          ['a', 'RUNNING'],
          ['c', 'RUNNING'],
        ],
      );
      assert.deepEqual(sup.get('a')?.config.argv.slice(-1), ['changed']);
      assert.equal((await ctl('reread')).stdout, 'No config updates to processes\n');
      assert.equal((await ctl('add', 'a')).stdout, 'ERROR: process group already active\n');
    } finally {
      await server.close();
    }
  });

  it('reread without a configuration file: CANT_REREAD', async () => {
    await using sup = testSupervisor();
    const server = await serveControl(sup, { port: 0 });
    try {
      const reread = await supervisorctl(server.url, undefined, 'reread');
      assert.equal(
        reread.stdout,
        'ERROR: CANT_REREAD: this supervisor was not loaded from a configuration file\n',
      );
    } finally {
      await server.close();
    }
  });
});
