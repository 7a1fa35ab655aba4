import type { OptionContext } from '../options/validate.js';

/** Log capture options of a program (see docs/logs.md). */
// biome-ignore lint/suspicious/noEmptyInterface: filled by the log capture feature
export interface LogOptions {}

/** Normalized log options. */
// biome-ignore lint/suspicious/noEmptyInterface: filled by the log capture feature
export interface LogConfig {}

export const LOG_OPTION_KEYS: readonly string[] = [];

export function normalizeLogOptions(_ctx: OptionContext, _input: Record<string, unknown>): LogConfig {
  return {};
}
