import type { ResourceConfig } from './options.js';
import type { ProgramStats } from './sampler.js';

/** What the guard asks the Program to do after a sample. */
export type GuardVerdict =
  | { readonly action: 'none' }
  | { readonly action: 'restart'; readonly reason: string }
  | { readonly action: 'cpu-threshold'; readonly reason: string };

/**
 * Decides from successive samples whether a program broke its memory limit for longer than
 * the sustain time (restart) or crossed its CPU threshold (event). Pure. (Stub.)
 */
export class ResourceGuard {
  constructor(readonly config: ResourceConfig) {}
  observe(_stats: ProgramStats): GuardVerdict {
    return { action: 'none' };
  }
  /** Forget history (a new process run started). */
  reset(): void {}
}
