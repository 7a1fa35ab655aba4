import type { OptionContext } from '../options/validate.js';

/** Resource options of a program (see docs/resources.md). */
// biome-ignore lint/suspicious/noEmptyInterface: filled by the sampling feature
export interface ResourceOptions {}

/** Normalized resource options. */
// biome-ignore lint/suspicious/noEmptyInterface: filled by the sampling feature
export interface ResourceConfig {}

export const RESOURCE_OPTION_KEYS: readonly string[] = [];

export function normalizeResourceOptions(
  _ctx: OptionContext,
  _input: Record<string, unknown>,
): ResourceConfig {
  return {};
}
