import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { escapeLabel, formatValue, MetricsWriter } from '../../../src/control/metrics-writer.js';

describe('MetricsWriter', () => {
  it('writes HELP, TYPE and samples per family, in the order the families were declared', () => {
    const text = new MetricsWriter()
      .family('b_total', 'counter', 'B things.')
      .family('a', 'gauge', 'A\\thing\nline two')
      .sample('a', { name: 'x' }, 1)
      .sample('b_total', {}, 2)
      .toString();
    assert.equal(
      text,
      '# HELP b_total B things.\n# TYPE b_total counter\nb_total 2\n' +
        '# HELP a A\\\\thing\\nline two\n# TYPE a gauge\na{name="x"} 1\n',
    );
  });

  it('escapes label values so a real parser reads them back unchanged', () => {
    const nasty = 'quote " back \\ newline \n end';
    const text = new MetricsWriter()
      .family('m', 'gauge', 'h')
      .sample('m', { v: nasty }, 3)
      .toString();
    const [family] = parsePrometheusTextFormat(text);
    assert.equal(family?.metrics[0]?.labels?.v, nasty);
    assert.equal(escapeLabel('a"b'), 'a\\"b');
  });

  it('formats NaN and infinities as Prometheus spells them', () => {
    assert.deepEqual([NaN, Infinity, -Infinity, 1.5].map(formatValue), [
      'NaN',
      '+Inf',
      '-Inf',
      '1.5',
    ]);
  });

  it('refuses bad metric and label names, and samples of undeclared families', () => {
    assert.throws(() => new MetricsWriter().family('1bad', 'gauge', 'h'));
    assert.throws(() =>
      new MetricsWriter().family('m', 'gauge', 'h').sample('m', { 'bad-label': 'x' }, 1),
    );
    assert.throws(() => new MetricsWriter().sample('nope', {}, 1));
  });
});
