import { closest } from '../options/validate.js';
import { ConfigError, type ConfigWarning, warning } from './errors.js';
import { type Expansion, expandValue } from './expand.js';
import { entryOf, type IniDocument, type IniEntry, type IniSection } from './ini.js';

/** Reading one section's values: expansion, conversion, and errors that say where. */
export class SectionReader {
  constructor(
    readonly doc: IniDocument,
    readonly section: IniSection,
    readonly names: Map<string, Expansion>,
    readonly warnings: ConfigWarning[],
  ) {}

  entry(key: string): IniEntry | undefined {
    return entryOf(this.doc, this.section, key);
  }

  /** The error for `key`, at its line. */
  error(key: string | undefined, fix: string, entry = key ? this.entry(key) : undefined) {
    return new ConfigError({
      file: entry?.file ?? this.section.file,
      line: entry?.line ?? this.section.line,
      section: this.section.name,
      key,
      value: entry?.value,
      fix,
    });
  }

  warn(key: string | undefined, message: string): void {
    const entry = key ? this.entry(key) : undefined;
    const at = { file: entry?.file ?? this.section.file, line: entry?.line ?? this.section.line };
    this.warnings.push(warning({ ...at, section: this.section.name, key }, message));
  }

  /** The expanded text of `key` (undefined when absent). */
  text(key: string, keep?: ReadonlySet<string>): string | undefined {
    const entry = this.entry(key);
    if (!entry) return undefined;
    try {
      return expandValue(entry.value, this.names, keep ? { keep, template: true } : {});
    } catch (error) {
      throw this.error(key, (error as Error).message);
    }
  }

  /** The expanded, converted value of `key`. */
  value<T>(key: string, convert: (text: string) => T): T | undefined {
    const text = this.text(key);
    if (text === undefined) return undefined;
    try {
      return convert(text);
    } catch (error) {
      throw this.error(key, (error as Error).message);
    }
  }

  /** Warns about keys the section does not know, with the closest known one. */
  checkKeys(known: readonly string[], ignored: Readonly<Record<string, string>> = {}): void {
    for (const key of this.section.entries.keys()) {
      const why = ignored[key];
      if (why !== undefined) this.warn(key, `"${key}" has no effect in overseer: ${why}.`);
      else if (!known.includes(key)) {
        const guess = closest(key, known);
        const hint = guess ? ` Did you mean "${guess}"?` : '';
        this.warn(key, `Unknown key "${key}" in [${this.section.name}], ignored.${hint}`);
      }
    }
  }
}
