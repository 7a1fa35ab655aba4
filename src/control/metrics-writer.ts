/**
 * The Prometheus text exposition format (version 0.0.4), written by hand: families with
 * HELP and TYPE, samples with escaped labels. Pure.
 */

export type MetricType = 'gauge' | 'counter';
export type Labels = Readonly<Record<string, string>>;

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

const NEEDS_ESCAPE = /[\\\n"]/;

/** Label values: backslash, double quote and newline escaped. */
export const escapeLabel = (value: string) =>
  NEEDS_ESCAPE.test(value)
    ? value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"')
    : value;

/** `k="v",k2="v2"`: label pairs escaped once, to reuse for many samples (see sampleWith). */
export function labelPairs(labels: Labels): string {
  return Object.entries(labels)
    .map(([k, v]) => {
      if (!LABEL.test(k)) throw new Error(`bad label name "${k}"`);
      return `${k}="${escapeLabel(v)}"`;
    })
    .join(',');
}

/** HELP text: backslash and newline escaped. */
export const escapeHelp = (text: string) => text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return '+Inf';
  if (value === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(value);
}

/** Collects families in order; each family's samples are written together. */
export class MetricsWriter {
  readonly #families = new Map<string, { help: string; type: MetricType; lines: string[] }>();

  family(name: string, type: MetricType, help: string): this {
    if (!NAME.test(name)) throw new Error(`bad metric name "${name}"`);
    if (!this.#families.has(name)) this.#families.set(name, { help, type, lines: [] });
    return this;
  }

  sample(name: string, labels: Labels, value: number): this {
    return this.sampleWith(name, labelPairs(labels), value);
  }

  /** A sample with label pairs from labelPairs() (or '' for none), already escaped. */
  sampleWith(name: string, pairs: string, value: number): this {
    const family = this.#families.get(name);
    if (!family) throw new Error(`metric "${name}" has no family`);
    family.lines.push(`${name}${pairs ? `{${pairs}}` : ''} ${formatValue(value)}`);
    return this;
  }

  toString(): string {
    let out = '';
    for (const [name, f] of this.#families) {
      out += `# HELP ${name} ${escapeHelp(f.help)}\n# TYPE ${name} ${f.type}\n`;
      for (const line of f.lines) out += `${line}\n`;
    }
    return out;
  }
}
