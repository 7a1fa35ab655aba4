import { checkInputShape } from '../options/input-shape.js';
import { nameForMessages, validateName } from '../options/normalize.js';
import {
  fail,
  isPlainObject,
  type OptionContext,
  optInteger,
  rejectUnknownKeys,
} from '../options/validate.js';
import { GROUP_POLICY_KEYS } from './strategies.js';

/** Keys of supervisord's [group:x] as overseer takes them. */
export const GROUP_KEYS = ['name', 'programs', 'priority'] as const;

/** A group definition, checked: a valid name, a priority when given, an array of programs. */
export interface CheckedGroup<P> {
  readonly name: string;
  readonly programs: readonly P[];
  readonly priority: number | undefined;
}

/**
 * Validates a group definition (`addGroup()`, or `groups` in `update()`) like program
 * options: unknown keys get a did-you-mean (`strategy` is not a group option), the name and
 * priority are checked, and `programs` must be an array (of options, or of program names).
 */
export function normalizeGroupDefinition<P>(
  input: unknown,
  where: string,
  programs: 'options' | 'names',
  /** Keys beyond name, programs and priority (addGroup's strategy and intensity). */
  extraKeys: readonly string[] = [],
): CheckedGroup<P> {
  if (!isPlainObject(input)) {
    const example = programs === 'names' ? '["app", "proxy"]' : '[{ name: "app", command: "..." }]';
    fail({}, where, input, `Use { name: "web", programs: ${example}, priority?: 100 }.`);
  }
  const label = nameForMessages(input);
  checkInputShape({ program: label }, where, input);
  const name = validateName({}, `${where}.name`, input.name);
  const ctx: OptionContext = { program: name };
  rejectUnknownKeys(ctx, input, [...GROUP_KEYS, ...extraKeys]);
  const priority =
    input.priority === undefined
      ? undefined
      : optInteger(ctx, 'priority', input.priority, 999, Number.MIN_SAFE_INTEGER);
  const list = input.programs;
  // supervisord's [group:x] needs at least one program, and so does addGroup().
  const ok =
    Array.isArray(list) &&
    list.length > 0 &&
    (programs === 'options' || list.every((n) => typeof n === 'string' && n.length > 0));
  if (!ok) {
    const fix =
      programs === 'names'
        ? 'Use a non-empty array of program names from this configuration, like ["app", "proxy"].'
        : 'Use a non-empty array of program options, like [{ name: "app", command: "node app.js" }].';
    fail(ctx, 'programs', list, fix);
  }
  return Object.freeze({ name, programs: list as P[], priority });
}

/** addGroup()'s definition: programs as options, and the OTP strategy keys allowed. */
export function checkAddGroup<P>(definition: unknown): CheckedGroup<P> {
  return normalizeGroupDefinition<P>(definition, 'group', 'options', GROUP_POLICY_KEYS);
}
