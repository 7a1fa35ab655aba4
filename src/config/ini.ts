import { ConfigError } from './errors.js';

/**
 * supervisord's INI dialect: Python 3's RawConfigParser as supervisord 4.2 configures it
 * (inline_comment_prefixes ';' and '#', strict=False, no interpolation). No npm INI parser
 * follows these rules (see docs/supervisord.md), hence this one small reader.
 *
 * - `[name]` starts a section (names are case-sensitive; a repeated section merges).
 * - `key = value` or `key: value`; keys are lowercased; the value is stripped.
 * - A line whose first non-blank character is ';' or '#' is a comment; elsewhere ';' and
 *   '#' start a comment only after whitespace (`a;b` keeps its ';').
 * - A line indented deeper than its key continues the value (joined with '\n'); blank lines
 *   inside a value are kept, trailing ones dropped.
 * - `[DEFAULT]` values apply to every section that does not set them.
 */

/** One `key = value`, with where it was written. */
export interface IniEntry {
  readonly value: string;
  readonly file: string;
  readonly line: number;
}

export interface IniSection {
  readonly name: string;
  /** The file that first defined the section (supervisord's section_to_file). */
  readonly file: string;
  readonly line: number;
  readonly entries: Map<string, IniEntry>;
}

/** Sections in the order they first appeared; DEFAULT kept apart. */
export interface IniDocument {
  readonly sections: Map<string, IniSection>;
  readonly defaults: Map<string, IniEntry>;
}

const INLINE_PREFIXES = [';', '#'];
const SECTION = /^\[(.+)\]/;
const OPTION = /^(.*?)\s*([=:])\s*(.*)$/;

export function emptyDocument(): IniDocument {
  return { sections: new Map(), defaults: new Map() };
}

/**
 * Where a comment starts, exactly as Python's parser finds it: in rounds, each round looking
 * at the next ';' and the next '#'; the first round with one at the start or after
 * whitespace decides.
 */
function commentStart(line: string): number | undefined {
  if (/^\s*[;#]/.test(line)) return 0;
  let next = INLINE_PREFIXES.map((prefix) => ({ prefix, index: -1 }));
  while (next.length > 0) {
    let start: number | undefined;
    const found: { prefix: string; index: number }[] = [];
    for (const { prefix, index } of next) {
      const at = line.indexOf(prefix, index + 1);
      if (at === -1) continue;
      found.push({ prefix, index: at });
      if (at === 0 || /\s/.test(line[at - 1] ?? '')) start = Math.min(start ?? at, at);
    }
    if (start !== undefined) return start;
    next = found;
  }
  return undefined;
}

interface Cursor {
  section: Map<string, IniEntry> | undefined;
  sectionName: string;
  key: string | undefined;
  parts: string[] | undefined;
  indent: number;
}

/** Reads one file's text into `doc` (merging with what is there). Throws ConfigError. */
export function readIni(text: string, file: string, doc: IniDocument = emptyDocument()) {
  const lines = text.split(/\r\n|\r|\n/);
  const values = new Map<IniEntry, string[]>();
  const cur: Cursor = {
    section: undefined,
    sectionName: '',
    key: undefined,
    parts: undefined,
    indent: 0,
  };
  lines.forEach((raw, i) => {
    readLine(raw, i + 1, file, doc, cur, values);
  });
  for (const [entry, parts] of values) {
    (entry as { value: string }).value = parts.join('\n').trimEnd();
  }
  return doc;
}

function readLine(
  raw: string,
  lineno: number,
  file: string,
  doc: IniDocument,
  cur: Cursor,
  values: Map<IniEntry, string[]>,
): void {
  const comment = commentStart(raw);
  const value = raw.slice(0, comment).trim();
  if (value === '') {
    if (comment === undefined && cur.parts) cur.parts.push('');
    return;
  }
  const indent = raw.search(/\S/);
  if (cur.section && cur.parts && indent > cur.indent) {
    cur.parts.push(value);
    return;
  }
  cur.indent = indent;
  const header = SECTION.exec(value);
  if (header) {
    openSection(header[1] as string, file, lineno, doc, cur);
    return;
  }
  if (!cur.section) {
    throw new ConfigError({
      file,
      line: lineno,
      fix: `The file must start with a section header like [program:web]; got "${raw.trim()}".`,
    });
  }
  const option = OPTION.exec(value);
  if (!option || option[1] === '') {
    throw new ConfigError({
      file,
      line: lineno,
      section: cur.sectionName,
      fix: `Expected "key = value"; got "${raw.trim()}".`,
    });
  }
  const key = (option[1] as string).trimEnd().toLowerCase();
  const entry: IniEntry = { value: '', file, line: lineno };
  const parts = [(option[3] as string).trim()];
  values.set(entry, parts);
  cur.section.set(key, entry);
  cur.key = key;
  cur.parts = parts;
}

function openSection(name: string, file: string, line: number, doc: IniDocument, cur: Cursor) {
  cur.key = undefined;
  cur.parts = undefined;
  cur.sectionName = name;
  if (name === 'DEFAULT') {
    cur.section = doc.defaults;
    return;
  }
  let section = doc.sections.get(name);
  if (!section) {
    section = { name, file, line, entries: new Map() };
    doc.sections.set(name, section);
  }
  cur.section = section.entries;
}

/** A section's value for `key`, falling back to [DEFAULT]. */
export function entryOf(doc: IniDocument, section: IniSection, key: string): IniEntry | undefined {
  return section.entries.get(key) ?? doc.defaults.get(key);
}
