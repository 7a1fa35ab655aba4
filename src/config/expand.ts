/**
 * supervisord's value expansion: Python's `text % expansions` (%(here)s, %(ENV_HOME)s,
 * %(process_num)02d, %% for a literal %). Anything else after a % is an error, as there.
 */

/** A value to expand into: a string or number, or text already in template form. */
export type Expansion = string | number | { readonly template: string };

export interface ExpandOptions {
  /** Names to leave as they are (`%(process_num)02d`), for the pool to expand per process. */
  readonly keep?: ReadonlySet<string>;
  /**
   * Produce a template (literal % doubled, kept names as written) instead of final text.
   * @default false
   */
  readonly template?: boolean;
}

const SPEC = /%(?:\(([^)]*)\))?([-#0 +]*)(\d*)(?:\.(\d+))?[hlL]?(.?)/y;

/** Expands `text`; throws Error with supervisord's wording when a name or format is bad. */
export function expandValue(
  text: string,
  names: ReadonlyMap<string, Expansion>,
  options: ExpandOptions = {},
): string {
  const literal = (s: string) => (options.template ? s.replaceAll('%', '%%') : s);
  let out = '';
  let i = 0;
  while (i < text.length) {
    const at = text.indexOf('%', i);
    if (at === -1) {
      out += literal(text.slice(i));
      break;
    }
    out += literal(text.slice(i, at));
    SPEC.lastIndex = at;
    const m = SPEC.exec(text) as RegExpExecArray;
    i = SPEC.lastIndex;
    const [spec, name, flags = '', width = '', precision, kind = ''] = m;
    if (name === undefined && kind === '%' && spec === '%%') {
      out += options.template ? '%%' : '%';
      continue;
    }
    if (name === undefined) throw new Error(badFormat(text, 'format requires a mapping'));
    if (options.keep?.has(name)) {
      out += spec;
      continue;
    }
    const value = names.get(name);
    if (value === undefined) throw new Error(missing(text, name, names));
    if (typeof value === 'object') out += value.template;
    else out += literal(format(text, value, flags, width, precision, kind));
  }
  return out;
}

function format(
  text: string,
  value: string | number,
  flags: string,
  width: string,
  precision: string | undefined,
  kind: string,
): string {
  let body: string;
  if (kind === 's' || kind === 'r' || kind === 'a') {
    const s = String(value);
    body = kind === 's' ? s : `'${s}'`;
    if (precision !== undefined) body = body.slice(0, Number(precision));
  } else if ('diuxXo'.includes(kind) && kind !== '') {
    if (typeof value !== 'number') {
      throw new Error(badFormat(text, `%${kind} format: a real number is required, not str`));
    }
    body = integer(value, kind, flags, precision);
  } else {
    throw new Error(badFormat(text, `unsupported format character '${kind}'`));
  }
  const size = Number(width || 0);
  if (body.length >= size) return body;
  if (flags.includes('-')) return body.padEnd(size);
  if (flags.includes('0') && kind !== 's' && kind !== 'r' && kind !== 'a') {
    const sign = /^[-+ ]/.test(body) ? (body[0] as string) : '';
    return sign + body.slice(sign.length).padStart(size - sign.length, '0');
  }
  return body.padStart(size);
}

function integer(value: number, kind: string, flags: string, precision: string | undefined) {
  const n = Math.trunc(value);
  const radix = kind === 'o' ? 8 : kind === 'x' || kind === 'X' ? 16 : 10;
  let digits = Math.abs(n).toString(radix);
  if (kind === 'X') digits = digits.toUpperCase();
  if (precision !== undefined) digits = digits.padStart(Number(precision), '0');
  const sign = n < 0 ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
  return sign + digits;
}

function badFormat(text: string, why: string): string {
  return `Format string ${JSON.stringify(text)} is badly formatted: ${why}. Write %% for a literal %.`;
}

function missing(text: string, name: string, names: ReadonlyMap<string, Expansion>): string {
  const available = [...names.keys()].filter((k) => !k.startsWith('ENV_')).sort();
  return `Format string ${JSON.stringify(text)} contains names ('${name}') which cannot be expanded. Available names: ${available.join(', ')}, ENV_<NAME> for the environment.`;
}
