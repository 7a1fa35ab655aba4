import { expandValue } from './expand.js';
import type { SectionReader } from './section-values.js';
import { parseKeyValuePairs } from './shlex.js';

const PLACEHOLDER = (i: number) => `zzoverseerkept${i}zz`;

/**
 * A section's `environment=` as supervisord reads it: expanded first, then split into
 * KEY=value pairs with its shlex rules. Values come back as pool templates (literal %
 * doubled; `%(process_num)d` kept), which the pool expands per process.
 */
export function environmentOf(r: SectionReader, keep: ReadonlySet<string>): Record<string, string> {
  const entry = r.entry('environment');
  if (!entry) return {};
  let template: string;
  try {
    template = expandValue(entry.value, r.names, { keep, template: true });
  } catch (error) {
    throw r.error('environment', (error as Error).message);
  }
  const { text, kept } = hideKept(template);
  let pairs: Record<string, string>;
  try {
    pairs = parseKeyValuePairs(text);
  } catch (error) {
    throw r.error(
      'environment',
      `${(error as Error).message}. Write KEY="value",KEY2="value 2" (quote values with spaces, commas or symbols).`,
    );
  }
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(pairs)) out[key] = restore(value, kept);
  return out;
}

/** Replaces kept specs by word-character placeholders and '%%' by '%': the final text. */
function hideKept(template: string): { text: string; kept: string[] } {
  const kept: string[] = [];
  const text = template.replace(/%%|%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]/g, (spec) => {
    if (spec === '%%') return '%';
    kept.push(spec);
    return PLACEHOLDER(kept.length - 1);
  });
  return { text, kept };
}

function restore(value: string, kept: readonly string[]): string {
  let out = value.replaceAll('%', '%%');
  kept.forEach((spec, i) => {
    out = out.replaceAll(PLACEHOLDER(i), spec);
  });
  return out;
}
