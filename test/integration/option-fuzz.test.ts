import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runFuzz } from '../helpers/fuzz-run.js';

describe('fuzzed options (issue 11, point 7; `npm run soak` runs thousands)', () => {
  it('400 hostile option objects: every rejection an OptionError naming the option, 0 spawns, no pollution', async () => {
    const report = await runFuzz(1, 400);
    assert.deepEqual(report.bad, []);
    assert.equal(report.spawnsFromRejected, 0);
    assert.equal(report.polluted, false);
    assert.ok(report.rejected > 300, `only ${report.rejected} rejected`);
  });
});
