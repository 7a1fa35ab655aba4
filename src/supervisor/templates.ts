import { fail, isPlainObject, type OptionContext } from '../options/validate.js';

/** Values for supervisord's %(name)s expansions. ENV_* keys come from the host's environment. */
export interface TemplateVars {
  readonly program_name: string;
  readonly process_num: number;
  readonly group_name: string;
  readonly numprocs: number;
  readonly here?: string;
}

const PATTERN = /%\(([A-Za-z_][A-Za-z0-9_]*)\)([-#0 +]*)(\d*)([sdi])/g;

/**
 * Expands supervisord's Python-style templates: `%(program_name)s`, `%(process_num)02d`,
 * `%(group_name)s`, `%(numprocs)d`, `%(here)s`, `%(ENV_HOME)s`. `%%` is a literal `%`.
 * An unknown name throws an OptionError naming the option.
 */
export function expandTemplate(
  ctx: OptionContext,
  option: string,
  text: string,
  vars: TemplateVars,
  env: NodeJS.ProcessEnv = process.env,
): string {
  if (!text.includes('%')) return text;
  return text
    .split('%%')
    .map((part) =>
      part.replace(PATTERN, (_match, key: string, flags: string, width: string, kind: string) => {
        const value = lookup(key, vars, env);
        if (value === undefined) {
          fail(
            ctx,
            option,
            text,
            `"%(${key})" is not a known expansion. Use program_name, process_num, group_name, numprocs, here or ENV_<NAME>.`,
          );
        }
        return format(value, flags, width, kind);
      }),
    )
    .join('%');
}

function lookup(
  key: string,
  vars: TemplateVars,
  env: NodeJS.ProcessEnv,
): string | number | undefined {
  if (key.startsWith('ENV_')) return env[key.slice(4)];
  if (key === 'here') return vars.here ?? process.cwd();
  return (vars as unknown as Record<string, string | number | undefined>)[key];
}

function format(value: string | number, flags: string, width: string, kind: string): string {
  const text = kind === 's' ? String(value) : String(Math.trunc(Number(value)));
  const size = Number(width || 0);
  if (text.length >= size) return text;
  if (flags.includes('-')) return text.padEnd(size);
  return flags.includes('0') && kind !== 's' ? text.padStart(size, '0') : text.padStart(size);
}

/** Expands templates in every string of a value (strings, arrays, plain objects' values). */
export function expandDeep<T>(ctx: OptionContext, option: string, value: T, vars: TemplateVars): T {
  if (typeof value === 'string') return expandTemplate(ctx, option, value, vars) as T;
  if (Array.isArray(value)) return value.map((v) => expandDeep(ctx, option, v, vars)) as T;
  if (isPlainObject(value)) {
    // fromEntries defines properties: a "__proto__" key stays a key, never a prototype.
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, expandDeep(ctx, `${option}.${k}`, v, vars)]),
    ) as T;
  }
  return value;
}
