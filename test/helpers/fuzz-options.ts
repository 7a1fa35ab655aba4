import { CORE_OPTION_KEYS } from '../../src/options/normalize.js';

/**
 * Hostile option objects for add()/addPool()/addGroup()/update()/new Supervisor(): each one a
 * valid base with one key (or the whole object) replaced by a value from HOSTILE, chosen by a
 * seeded generator so a failure can be replayed from its seed.
 */

/** A small deterministic PRNG (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function circular(): unknown {
  const o: Record<string, unknown> = { a: 1 };
  o.self = o;
  return o;
}

function nullProto(inner: Record<string, unknown> = { x: 1n }): unknown {
  return Object.assign(Object.create(null), inner);
}

function throwingGetter(): unknown {
  return Object.defineProperty({}, 'x', {
    enumerable: true,
    get() {
      throw new Error('getter boom');
    },
  });
}

function throwingProxy(): unknown {
  return new Proxy(
    {},
    {
      ownKeys() {
        throw new TypeError('proxy boom');
      },
    },
  );
}

/** Values no option accepts in most places (some are valid for some keys: that's fine). */
export const HOSTILE: readonly (() => unknown)[] = [
  () => undefined,
  () => null,
  () => 1n,
  () => 2n ** 70n,
  () => Symbol('s'),
  () => Number.NaN,
  () => Number.POSITIVE_INFINITY,
  () => -1,
  () => 1e308,
  () => 3e6,
  () => 2 ** 53,
  () => 0.5,
  () => '',
  () => ' ',
  () => 'a\0b',
  () => '\0',
  () => '%(nope)s',
  () => '%(program_name)s\0',
  () => '%(ENV_HOME)s/x',
  () => '../../etc',
  () => 'x'.repeat(10_000),
  () => '__proto__',
  () => true,
  () => [],
  () => [1n],
  () => ['a\0'],
  () => [null],
  () => {},
  () => ({}),
  () => circular(),
  () => [circular()],
  () => nullProto(),
  () => nullProto({ PATH: 'a\0b' }),
  () => nullProto({ type: 'exponential', maxSecs: 1n }),
  () => throwingGetter(),
  () => throwingProxy(),
  () => JSON.parse('{"__proto__": {"polluted": "yes"}}'),
  () => ({ constructor: { prototype: { polluted: 'yes' } } }),
  () => new Date(),
  () => new Map(),
  () => () => 'fn',
  () => ({ type: 'exponential', jitter: 5 }),
  () => ({ maxRestarts: 1n, withinSecs: 1 }),
  () => ({ kind: 'port', port: 1n }),
  () => ({ toString: null, valueOf: null }),
];

/** Every core option, some of the others, misspellings and hostile keys. */
export const PROGRAM_KEYS: readonly string[] = [
  ...CORE_OPTION_KEYS,
  'stdoutLogfile',
  'stderrLogfile',
  'stdoutLogfileMaxbytes',
  'redirectStderr',
  'memoryLimit',
  'cpuThreshold',
  'numprocs',
  'processName',
  'startsecs',
  '__proto__',
  'constructor',
  'nul\0key',
];

export interface FuzzCase {
  readonly seed: number;
  readonly kind: 'program' | 'pool' | 'group' | 'config' | 'supervisor';
  readonly input: unknown;
  /** The key that was made hostile ('' when the whole input is). */
  readonly key: string;
}

/** One hostile case for `seed`; `base` is a valid program's options. */
export function fuzzCase(seed: number, base: Record<string, unknown>): FuzzCase {
  const r = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)] as T;
  const kinds = ['program', 'program', 'program', 'pool', 'group', 'config', 'supervisor'] as const;
  const kind = pick(kinds);
  if (r() < 0.05) return { seed, kind, input: pick(HOSTILE)(), key: '' };
  if (kind === 'supervisor') {
    const key = pick([
      'logDir',
      'logdir',
      'sampleIntervalMs',
      'statsHistory',
      'handleSignals',
      'killOnHostDeath',
      'clock',
      '__proto__',
    ]);
    return { seed, kind, input: defineKey({}, key, pick(HOSTILE)()), key };
  }
  const key = pick(PROGRAM_KEYS);
  const program = defineKey({ ...base, name: `fz${seed}` }, key, pick(HOSTILE)());
  if (kind === 'program' || kind === 'pool') return { seed, kind, input: program, key };
  if (kind === 'group') {
    const groupKey = pick(['name', 'priority', 'programs', 'strategy', '']);
    const group: Record<string, unknown> = { name: `g${seed}`, programs: [program] };
    return {
      seed,
      kind,
      input: groupKey ? defineKey(group, groupKey, pick(HOSTILE)()) : group,
      key: groupKey || key,
    };
  }
  const configKey = pick(['programs', 'groups', 'program', '']);
  const config: Record<string, unknown> = { programs: [program] };
  return {
    seed,
    kind,
    input: configKey ? defineKey(config, configKey, pick(HOSTILE)()) : config,
    key: configKey || key,
  };
}

/** Sets a key as an own data property (so "__proto__" is a key, not a prototype). */
function defineKey(target: Record<string, unknown>, key: string, value: unknown) {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return target;
}
