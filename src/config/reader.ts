import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { ConfigError, type ConfigWarning, warning } from './errors.js';
import { type Expansion, expandValue } from './expand.js';
import { glob } from './glob.js';
import { emptyDocument, type IniDocument, readIni } from './ini.js';

export interface ReadResult {
  readonly doc: IniDocument;
  /** Every file read, the main one first. */
  readonly files: string[];
}

/** The text of a file, or a ConfigError naming it. */
export function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const why =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : 'cannot be read';
    throw new ConfigError(
      { file, line: 0, fix: `The file ${why}: ${(error as Error).message}.` },
      { cause: error },
    );
  }
}

/**
 * Reads the main text and every [include] files= it names, as supervisord does: patterns
 * are globs relative to the including file's directory, matches are read in sorted order
 * into one document (later sections with the same name merge), a pattern that matches
 * nothing is a warning, and `%(here)s` in each file's values is that file's directory.
 * Beyond supervisord, an included file's own [include] is followed too (relative to it).
 */
export function readWithIncludes(
  text: string,
  file: string,
  here: string,
  names: ReadonlyMap<string, Expansion>,
  warnings: ConfigWarning[],
): ReadResult {
  const doc = emptyDocument();
  const files: string[] = [];
  const seen = new Set<string>();
  const visit = (body: string, from: string, dir: string): void => {
    seen.add(from);
    files.push(from);
    const before = doc.sections.get('include')?.entries.get('files');
    readIni(body, from, doc);
    expandHere(doc, from, dir);
    const include = doc.sections.get('include');
    if (!include) return;
    const entry = include.entries.get('files');
    if (!entry) {
      throw new ConfigError({
        file: from,
        line: include.line,
        section: 'include',
        fix: 'An [include] section needs a files= setting.',
      });
    }
    if (entry === before || entry.file !== from) return;
    for (const match of includedFiles(entry.value, entry, dir, names, warnings)) {
      if (!seen.has(match)) visit(readText(match), match, dirname(match));
    }
  };
  visit(text, file, here);
  return { doc, files };
}

function includedFiles(
  value: string,
  entry: { file: string; line: number },
  dir: string,
  names: ReadonlyMap<string, Expansion>,
  warnings: ConfigWarning[],
): string[] {
  let expanded: string;
  try {
    expanded = expandValue(value, names);
  } catch (error) {
    throw new ConfigError({
      ...entry,
      section: 'include',
      key: 'files',
      value,
      fix: (error as Error).message,
    });
  }
  const out: string[] = [];
  for (const pattern of expanded.split(/\s+/).filter(Boolean)) {
    const absolute = isAbsolute(pattern) ? pattern : join(dir, pattern);
    const matches = glob(absolute).sort();
    if (matches.length === 0) {
      const at = { ...entry, section: 'include', key: 'files' };
      warnings.push(warning(at, `No file matches via include "${absolute}".`));
    }
    out.push(...matches);
  }
  return out;
}

/** supervisord's expand_here: the literal "%(here)s" becomes the file's directory. */
function expandHere(doc: IniDocument, file: string, dir: string): void {
  const all = [doc.defaults, ...[...doc.sections.values()].map((s) => s.entries)];
  for (const entries of all) {
    for (const entry of entries.values()) {
      if (entry.file === file && entry.value.includes('%(here)s')) {
        (entry as { value: string }).value = entry.value.replaceAll('%(here)s', dir);
      }
    }
  }
}
