/** Decides PASS/FAIL for one scenario from what both sides recorded. */
import type { ScriptResult } from './driver.js';
import { formatTransition, type Scenario, type Transition } from './types.js';

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

/** The order in which programs first made `transition` (e.g. 'STOPPED->STARTING'). */
export function orderOf(all: readonly Transition[], transition: string): string[] {
  const names: string[] = [];
  for (const t of all) {
    if (`${t.from}->${t.to}` === transition && !names.includes(t.name)) names.push(t.name);
  }
  return names;
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

export function judge(
  scenario: Scenario,
  reference: ScriptResult,
  subject: ScriptResult,
  referenceLabel = 'supervisord',
  subjectLabel = 'overseer',
): Verdict {
  const details: string[] = [];
  let pass = true;
  if (reference.error) {
    pass = false;
    details.push(`${referenceLabel} script did not finish: ${reference.error}`);
  }
  if (subject.error) {
    pass = false;
    details.push(`${subjectLabel} script did not finish: ${subject.error}`);
  }
  const prefix = scenario.prefix;
  for (const program of scenario.programs) {
    const name = program.name;
    const ref = sequenceOf(reference.transitions, name, prefix);
    const sub = sequenceOf(subject.transitions, name, prefix);
    const expect = scenario.expect[name] ?? [];
    if (!same(ref, expect)) {
      pass = false;
      details.push(
        `${name}: ${referenceLabel} differs from the reference's documented sequence ` +
          '(harness problem, or supervisord behaves otherwise than documented):',
        ...sideBySide('documented', expect, referenceLabel, ref),
      );
    }
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
    const { transition, expect } = scenario.order;
    const ref = orderOf(reference.transitions, transition);
    const sub = orderOf(subject.transitions, transition);
    if (!same(ref, expect)) {
      pass = false;
      details.push(
        `order of ${transition}: ${referenceLabel} differs from the documented order:`,
        ...sideBySide('documented', expect, referenceLabel, ref),
      );
    }
    if (!same(sub, ref)) {
      pass = false;
      details.push(
        `order of ${transition}: ${subjectLabel} differs from ${referenceLabel}:`,
        ...sideBySide(referenceLabel, ref, subjectLabel, sub),
      );
    }
  }
  if (scenario.deliberate) {
    details.unshift(`deliberate difference from supervisord: ${scenario.deliberate.reason}`);
  }
  return { pass, details };
}
