import { OptionError } from '../errors.js';
import { type EventTypeName, isEventTypeName } from '../listeners/event-types.js';
import type { GroupDefinition, SupervisorConfig } from '../supervisor/config-plan.js';
import { planConfig } from '../supervisor/config-plan.js';
import type { PoolOptions } from '../supervisor/pool.js';
import { integer, listOfStrings, processName } from './datatypes.js';
import { ConfigError, type ConfigWarning } from './errors.js';
import type { Expansion } from './expand.js';
import type { IniDocument, IniSection } from './ini.js';
import { GROUP_KEYS, keyOfOption } from './program-keys.js';
import { programFromSection, type SectionKind } from './program-section.js';
import { SectionReader } from './section-values.js';
import { controlSection, type SupervisordControl, supervisordSection } from './server-sections.js';

/** Sections read without a word: they configure supervisorctl and the RPC interface. */
const QUIET = /^(supervisorctl|rpcinterface:.*|ctlplugin:.*)$/;

interface Built {
  logDir: string | undefined;
  config: SupervisorConfig;
  control: SupervisordControl | undefined;
}

/** The whole document as overseer options, in supervisord's section order. */
export function assemble(
  doc: IniDocument,
  names: ReadonlyMap<string, Expansion>,
  warnings: ConfigWarning[],
): Built {
  const reader = (s: IniSection) => new SectionReader(doc, s, new Map(names), warnings);
  const built: Built = { logDir: undefined, config: { programs: [] }, control: undefined };
  const groups: GroupDefinition[] = [];
  const groupOf = new Map<string, string>();
  let sharedEnv: Record<string, string> = {};
  for (const section of doc.sections.values()) {
    const name = section.name;
    const r = reader(section);
    if (name === 'supervisord') {
      const s = supervisordSection(r);
      built.logDir = s.logDir;
      sharedEnv = s.environment;
    } else if (name === 'inet_http_server' || name === 'unix_http_server') {
      built.control = controlSection(r, built.control ?? {});
    } else if (name === 'include') r.checkKeys(['files']);
    else if (name.startsWith('group:')) groups.push(groupSection(r, groupOf));
    else if (QUIET.test(name) || /^(program|eventlistener):/.test(name)) continue;
    else if (name.startsWith('fcgi-program:'))
      r.warn(
        undefined,
        `[${name}] is not supported: overseer has no FastCGI socket manager; section ignored.`,
      );
    else r.warn(undefined, `Unknown section [${name}], ignored.`);
  }
  const programs: PoolOptions[] = [];
  const origin = new Map<string, { section: IniSection; kind: SectionKind }>();
  for (const section of doc.sections.values()) {
    const kind = section.name.split(':')[0];
    if (kind !== 'program' && kind !== 'eventlistener') continue;
    const r = reader(section);
    const own = section.name.slice(kind.length + 1);
    const options = programFromSection(r, kind, groupOf.get(own) ?? own.trim());
    if (kind === 'eventlistener') listenerOptions(r, options);
    if (Object.keys(sharedEnv).length > 0) {
      options.environment = { ...sharedEnv, ...(options.environment ?? {}) };
    }
    programs.push(options);
    origin.set(options.name, { section, kind });
  }
  for (const g of groups) {
    for (const p of g.programs) {
      if (!origin.has(p))
        throw groupError(
          doc,
          g.name,
          `[group:${g.name}] names unknown program ${p}: add [program:${p}] or remove it from programs=.`,
        );
    }
  }
  // supervisord adds groups in ascending priority, then name: listeners (-1) first, so they
  // see every PROCESS_GROUP_ADDED.
  const rank = (p: PoolOptions) => groupPriority(p, groups);
  programs.sort(
    (a, b) => rank(a) - rank(b) || groupName(a, groupOf).localeCompare(groupName(b, groupOf)),
  );
  built.config = { programs, ...(groups.length > 0 ? { groups } : {}) };
  validate(built.config, doc, origin);
  return built;
}

function groupPriority(p: PoolOptions, groups: readonly GroupDefinition[]): number {
  const group = groups.find((g) => g.programs.includes(p.name));
  return group ? (group.priority ?? 999) : (p.priority ?? 999);
}

function groupName(p: PoolOptions, groupOf: ReadonlyMap<string, string>): string {
  return groupOf.get(p.name) ?? p.name;
}

function groupSection(r: SectionReader, groupOf: Map<string, string>): GroupDefinition {
  r.checkKeys([...GROUP_KEYS]);
  let name: string;
  try {
    name = processName(r.section.name.slice('group:'.length));
  } catch (error) {
    throw r.error(undefined, `Bad group name: ${(error as Error).message}`);
  }
  const programs = r.value('programs', listOfStrings) ?? [];
  if (programs.length === 0) throw r.error('programs', `[group:${name}] needs programs=a,b.`);
  for (const p of programs) groupOf.set(p, name);
  const priority = r.value('priority', integer);
  return { name, programs, ...(priority === undefined ? {} : { priority }) };
}

function listenerOptions(r: SectionReader, options: Record<string, unknown>): void {
  const events = (r.value('events', listOfStrings) ?? []).map((e) => e.toUpperCase());
  if (events.length === 0)
    throw r.error(
      'events',
      `[${r.section.name}] requires an events= line (for example events=PROCESS_STATE).`,
    );
  for (const e of events) {
    if (!isEventTypeName(e))
      throw r.error(
        'events',
        `Unknown event type ${e}: use PROCESS_STATE, PROCESS_STATE_EXITED, TICK_60, PROCESS_LOG...`,
      );
  }
  const bufferSize = r.value('buffer_size', integer) ?? 10;
  if (bufferSize < 1) throw r.error('buffer_size', 'buffer_size must be 1 or more.');
  delete options.events;
  delete options.bufferSize;
  options.eventListener = { events: [...new Set(events as EventTypeName[])], bufferSize };
  if (options.priority === undefined) options.priority = -1;
}

function groupError(doc: IniDocument, group: string, fix: string): ConfigError {
  const s = doc.sections.get(`group:${group}`);
  return new ConfigError({
    file: s?.file ?? '<string>',
    line: s?.entries.get('programs')?.line ?? s?.line ?? 0,
    section: `group:${group}`,
    key: 'programs',
    fix,
  });
}

/** Runs overseer's own validation, and says where in the file an OptionError points. */
function validate(
  config: SupervisorConfig,
  doc: IniDocument,
  origin: Map<string, { section: IniSection; kind: SectionKind }>,
): void {
  try {
    planConfig(config);
  } catch (error) {
    if (!(error instanceof OptionError)) throw error;
    const from = origin.get(error.program ?? '') ?? [...origin.values()][0];
    if (!from) throw error;
    const key = keyOfOption(error.option, from.kind === 'eventlistener');
    const entry = key ? (from.section.entries.get(key) ?? doc.defaults.get(key)) : undefined;
    throw new ConfigError(
      {
        file: entry?.file ?? from.section.file,
        line: entry?.line ?? from.section.line,
        section: from.section.name,
        key,
        value: entry?.value,
        fix: error.message,
      },
      { cause: error },
    );
  }
}
