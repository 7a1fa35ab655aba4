import { OverseerError } from '../errors.js';

/** Where in a supervisord configuration something was found. */
export interface ConfigLocation {
  /** The file (absolute), or '<string>' for parseSupervisordConfig without a name. */
  readonly file: string;
  /** 1-based line, 0 when it is about the whole file or section. */
  readonly line: number;
  /** The section as written (`program:web`), when known. */
  readonly section?: string | undefined;
  /** The key (lowercase, as supervisord reads it), when known. */
  readonly key?: string | undefined;
}

export interface ConfigErrorDetails extends Partial<ConfigLocation> {
  readonly file: string;
  /** The rejected value, when a value was rejected. */
  readonly value?: string | undefined;
  /** What is wrong and what a valid value looks like. */
  readonly fix: string;
}

function where(d: ConfigLocation): string {
  const line = d.line > 0 ? `:${d.line}` : '';
  const section = d.section === undefined ? '' : ` [${d.section}]`;
  const key = d.key === undefined ? '' : ` ${d.key}`;
  return `${d.file}${line}${section}${key}`;
}

/**
 * A supervisord configuration could not be read: a syntax error, an invalid value, a
 * missing file. Names the file, the line, the section and the key. Nothing was changed.
 */
export class ConfigError extends OverseerError<'INVALID_CONFIG'> implements ConfigLocation {
  readonly file: string;
  readonly line: number;
  readonly section: string | undefined;
  readonly key: string | undefined;
  readonly value: string | undefined;
  readonly fix: string;

  constructor(details: ConfigErrorDetails, options?: { cause?: unknown }) {
    const location = { ...details, line: details.line ?? 0 };
    const value = details.value === undefined ? '' : ` got ${JSON.stringify(details.value)}.`;
    super('INVALID_CONFIG', `${where(location)}:${value} ${details.fix}`, options);
    this.file = details.file;
    this.line = location.line;
    this.section = details.section;
    this.key = details.key;
    this.value = details.value;
    this.fix = details.fix;
  }
}

/** Something in the configuration that was read but has no effect, or looks like a typo. */
export interface ConfigWarning extends ConfigLocation {
  readonly message: string;
}

export function warning(at: ConfigLocation, message: string): ConfigWarning {
  return { ...at, message: `${where({ ...at })}: ${message}` };
}
