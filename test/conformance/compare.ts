/** Decides PASS/FAIL for one scenario from what both sides recorded. */
import type { ScriptResult } from './driver.js';
import { formatTransition, processNames, type Scenario, type Transition } from './types.js';

export interface Verdict {
  readonly pass: boolean;
  /** Explanations: why it failed, or which deliberate difference applied. */
  readonly details: readonly string[];
}

/** The compared sequence of one program: formatted transitions, cut to the prefix if any. */
export function sequenceOf(
  all: readonly Transition[],
  name: string,
  prefix: number | undefined,
): string[] {
  const seq = all.filter((t) => t.name === name).map(formatTransition);
  return prefix === undefined ? seq : seq.slice(0, prefix);
}

/** The interleaving of some transitions across programs, as `name: FROM->TO`. */
export function orderOf(all: readonly Transition[], transitions: readonly string[]): string[] {
  return all
    .map((t) => ({ name: t.name, transition: `${t.from}->${t.to}` }))
    .filter((t) => transitions.includes(t.transition))
    .map((t) => `${t.name}: ${t.transition}`);
}

const same = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** Two sequences side by side, the first difference marked with '>'. */
export function sideBySide(
  leftLabel: string,
  left: readonly string[],
  rightLabel: string,
  right: readonly string[],
): string[] {
  const width = Math.max(leftLabel.length, ...left.map((s) => s.length)) + 2;
  const firstDiff = (() => {
    for (let i = 0; i < Math.max(left.length, right.length); i++) {
      if (left[i] !== right[i]) return i;
    }
    return -1;
  })();
  const rows = [`      ${leftLabel.padEnd(width)}${rightLabel}`];
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const mark = i === firstDiff ? '>' : ' ';
    const n = String(i + 1).padStart(3);
    rows.push(`  ${mark}${n} ${(left[i] ?? '-').padEnd(width)}${right[i] ?? '-'}`);
  }
  return rows;
}

/**
 * supervisord must produce the documented sequences (guarding the harness), and overseer
 * the same as supervisord, or its explicit deliberate sequence. Without a subject (a
 * supervisord-only run), only the first check.
 */
export function judge(
  scenario: Scenario,
  reference: ScriptResult,
  subject: ScriptResult | undefined,
  subjectLabel = 'overseer',
): Verdict {
  const referenceLabel = 'supervisord';
  const details: string[] = [];
  let pass = true;
  if (reference.error) {
    pass = false;
    details.push(`${referenceLabel} script did not finish: ${reference.error}`);
  }
  if (subject?.error) {
    pass = false;
    details.push(`${subjectLabel} script did not finish: ${subject.error}`);
  }
  const prefix = scenario.prefix;
  for (const name of scenario.programs.flatMap(processNames)) {
    const ref = sequenceOf(reference.transitions, name, prefix);
    const expect = scenario.expect[name];
    if (expect === undefined) {
      pass = false;
      details.push(`${name}: the scenario documents no sequence for it (add one to expect)`);
    } else if (!same(ref, expect)) {
      pass = false;
      details.push(
        `${name}: ${referenceLabel} differs from the reference's documented sequence ` +
          '(harness problem, or supervisord behaves otherwise than documented):',
        ...sideBySide('documented', expect, referenceLabel, ref),
      );
    }
    if (!subject) continue;
    const sub = sequenceOf(subject.transitions, name, prefix);
    const deliberate = scenario.deliberate?.overseer[name];
    const target = deliberate ?? ref;
    const targetLabel = deliberate ? 'deliberate (see reason)' : referenceLabel;
    if (!same(sub, target)) {
      pass = false;
      details.push(
        `${name}: ${subjectLabel} differs from ${targetLabel}:`,
        ...sideBySide(targetLabel, target, subjectLabel, sub),
      );
    }
  }
  if (scenario.order) {
    const { transitions, expect } = scenario.order;
    const transition = transitions.join(', ');
    const ref = orderOf(reference.transitions, transitions);
    if (!same(ref, expect)) {
      pass = false;
      details.push(
        `order of ${transition}: ${referenceLabel} differs from the documented order:`,
        ...sideBySide('documented', expect, referenceLabel, ref),
      );
    }
    const sub = subject ? orderOf(subject.transitions, transitions) : ref;
    if (!same(sub, ref)) {
      pass = false;
      details.push(
        `order of ${transition}: ${subjectLabel} differs from ${referenceLabel}:`,
        ...sideBySide(referenceLabel, ref, subjectLabel, sub),
      );
    }
  }
  if (scenario.deliberate && subject) {
    details.unshift(`deliberate difference from supervisord: ${scenario.deliberate.reason}`);
  }
  return { pass, details };
}
