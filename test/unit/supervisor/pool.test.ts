import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OptionError } from '../../../src/errors.js';
import { diffConfig, planConfig } from '../../../src/supervisor/config-plan.js';
import { DependencyConfigError, DependencyCycleError } from '../../../src/supervisor/errors.js';
import { findCycle, startLevels } from '../../../src/supervisor/ordering.js';
import { planPool } from '../../../src/supervisor/pool.js';
import { expandTemplate } from '../../../src/supervisor/templates.js';

const vars = { program_name: 'web', process_num: 3, group_name: 'front', numprocs: 8 };

describe('templates', () => {
  it("expands supervisord's %(name)s forms with Python formatting", () => {
    assert.equal(expandTemplate({}, 'x', '%(program_name)s_%(process_num)02d', vars), 'web_03');
    assert.equal(
      expandTemplate({}, 'x', '%(group_name)s/%(numprocs)d/%(process_num)d', vars),
      'front/8/3',
    );
    assert.equal(expandTemplate({}, 'x', 'port %(process_num)4d|', vars), 'port    3|');
    assert.equal(expandTemplate({}, 'x', '100%% %(program_name)s', vars), '100% web');
  });

  it('reads ENV_ names from the environment', () => {
    assert.equal(expandTemplate({}, 'x', '%(ENV_OVERSEER_T)s', vars, { OVERSEER_T: 'v' }), 'v');
  });

  it('rejects unknown names, naming the option', () => {
    assert.throws(() => expandTemplate({ program: 'web' }, 'command', 'run %(nope)s', vars), {
      code: 'INVALID_OPTION',
      message:
        /Invalid option "command" of program "web": got "run %\(nope\)s"\. "%\(nope\)" is not a known expansion/,
    });
  });
});

describe('pools', () => {
  it('numprocs 3 with a process_num template gives foo:foo_00..02, templates expanded per member', () => {
    const plan = planPool({
      name: 'foo',
      command: 'node w.js --id %(process_num)d',
      numprocs: 3,
      processName: '%(program_name)s_%(process_num)02d',
      environment: { SLOT: '%(process_num)d/%(numprocs)d' },
    });
    const members = plan.members();
    assert.deepEqual(
      members.map((m) => `${m.config.group}:${m.config.name}`),
      ['foo:foo_00', 'foo:foo_01', 'foo:foo_02'],
    );
    assert.deepEqual(members[2]?.config.argv, ['node', 'w.js', '--id', '2']);
    assert.equal(members[1]?.config.environment.SLOT, '1/3');
  });

  it('numprocsStart shifts the numbers', () => {
    const plan = planPool({
      name: 'w',
      command: 'x',
      numprocs: 2,
      numprocsStart: 5,
      processName: 'w%(process_num)d',
    });
    assert.deepEqual(
      plan.members().map((m) => m.config.name),
      ['w5', 'w6'],
    );
  });

  it('numprocs > 1 needs %(process_num) in processName', () => {
    assert.throws(
      () => planPool({ name: 'w', command: 'x', numprocs: 2 }),
      (e: unknown) => {
        assert.ok(e instanceof OptionError);
        assert.equal(e.option, 'processName');
        assert.match(e.message, /use something like "%\(program_name\)s_%\(process_num\)02d"/);
        return true;
      },
    );
  });

  it('same settings give the same fingerprint; a change gives another', () => {
    const a = planPool({
      name: 'w',
      command: 'x',
      numprocs: 2,
      processName: 'w%(process_num)d',
    }).members();
    const b = planPool({
      name: 'w',
      command: 'x',
      numprocs: 4,
      processName: 'w%(process_num)d',
    }).members();
    const c = planPool({
      name: 'w',
      command: 'y',
      numprocs: 2,
      processName: 'w%(process_num)d',
    }).members();
    assert.equal(a[1]?.fingerprint, b[1]?.fingerprint);
    assert.notEqual(a[1]?.fingerprint, c[1]?.fingerprint);
  });
});

describe('start order', () => {
  const node = (key: string, priority: number, dependsOn: string[] = []) => ({
    key,
    priority,
    dependsOn,
  });

  it('levels by ascending priority; equal priorities together', () => {
    const levels = startLevels([node('c', 300), node('a', 100), node('b', 100)]);
    assert.deepEqual(
      levels.map((l) => l.map((n) => n.key)),
      [['a', 'b'], ['c']],
    );
  });

  it('a dependency always comes first, even with a higher priority number', () => {
    const levels = startLevels([
      node('web', 1, ['db']),
      node('db', 2),
      node('cache', 2),
      node('worker', 5, ['web']),
    ]);
    assert.deepEqual(
      levels.map((l) => l.map((n) => n.key)),
      [['db', 'cache'], ['web'], ['worker']],
    );
  });

  it('finds a cycle and names it', () => {
    assert.deepEqual(findCycle([node('a', 1, ['b']), node('b', 1, ['c']), node('c', 1, ['a'])]), [
      'a',
      'b',
      'c',
      'a',
    ]);
    assert.equal(findCycle([node('a', 1, ['b']), node('b', 1)]), undefined);
  });
});

describe('configuration plan and diff', () => {
  const cmd = 'node x.js';

  it('rejects a dependency cycle with a typed error naming the cycle', () => {
    assert.throws(
      () =>
        planConfig({
          programs: [
            { name: 'a', command: cmd, dependsOn: ['b'] },
            { name: 'b', command: cmd, dependsOn: ['a'] },
          ],
        }),
      (e: unknown) => {
        assert.ok(e instanceof DependencyConfigError);
        assert.ok(e instanceof DependencyCycleError);
        assert.equal(e.code, 'DEPENDENCY_CYCLE');
        assert.deepEqual(e.cycle, ['a:a', 'b:b', 'a:a']);
        assert.equal(
          e.message,
          'Dependency cycle: a:a -> b:b -> a:a. Remove one of these dependsOn entries.',
        );
        return true;
      },
    );
  });

  it('rejects an unknown dependency', () => {
    assert.throws(
      () => planConfig({ programs: [{ name: 'web', command: cmd, dependsOn: ['db'] }] }),
      {
        code: 'UNKNOWN_DEPENDENCY',
        message:
          'Program "web" depends on "db", which is not configured. Add it first, or fix the name in dependsOn.',
      },
    );
  });

  it('puts [group:x] members in their group with its priority', () => {
    const plan = planConfig({
      programs: [
        { name: 'app', command: cmd },
        { name: 'proxy', command: cmd, priority: 5 },
      ],
      groups: [{ name: 'web', programs: ['app', 'proxy'], priority: 50 }],
    });
    assert.deepEqual([...plan.processes.keys()], ['web:app', 'web:proxy']);
    assert.equal(plan.processes.get('web:app')?.config.priority, 50);
    assert.equal(plan.processes.get('web:proxy')?.config.priority, 5);
  });

  it('diffs into added, changed, removed groups and processes', () => {
    const old = planConfig({
      programs: [
        { name: 'a', command: cmd },
        { name: 'b', command: cmd },
        { name: 'p', command: cmd, numprocs: 2, processName: 'p%(process_num)d' },
      ],
    });
    const active = new Map([...old.processes].map(([k, v]) => [k, v.fingerprint]));
    const next = planConfig({
      programs: [
        { name: 'a', command: cmd },
        { name: 'b', command: 'node y.js' },
        { name: 'c', command: cmd },
        { name: 'p', command: cmd, numprocs: 3, processName: 'p%(process_num)d' },
      ],
    });
    const diff = diffConfig(active, next);
    assert.deepEqual(diff.added, ['c']);
    assert.deepEqual([...diff.changed].sort(), ['b', 'p']);
    assert.deepEqual(diff.removed, []);
    assert.deepEqual(diff.processes.changed, ['b:b']);
    assert.deepEqual(diff.processes.added, ['c:c', 'p:p2']);
    assert.deepEqual(diff.processes.unchanged, ['a:a', 'p:p0', 'p:p1']);
  });
});

describe('logPrefix templates', () => {
  it('expands per member, with padding', () => {
    const plan = planPool({
      name: 'worker',
      command: 'node w.js',
      numprocs: 2,
      processName: '%(program_name)s_%(process_num)d',
      logPrefix: '%(program_name)s_%(process_num)-3d| ',
    });
    assert.deepEqual(
      plan.members().map((m) => m.config.logs.logPrefix),
      ['worker_0  | ', 'worker_1  | '],
    );
  });
});
