import type { Clock } from '../clock.js';
import { AbortError, TimeoutError } from '../errors.js';

export interface WaitOptions {
  /** Give up after this many milliseconds with a TimeoutError. @default no limit */
  readonly timeoutMs?: number;
  /** Give up when aborted, with an AbortError. */
  readonly signal?: AbortSignal;
}

/** What a wait is for: words for its errors, and the program when it is about one. */
export interface WaitSubject {
  readonly what: string;
  readonly program?: string | undefined;
}

/**
 * Waits until `check` returns a value other than undefined, re-checking whenever
 * `subscribe`'s callback fires. Every listener and timer is removed when it settles.
 */
export function waitUntil<T>(
  subject: WaitSubject,
  check: () => T | undefined,
  subscribe: (onChange: () => void) => () => void,
  clock: Clock,
  options: WaitOptions = {},
): Promise<T> {
  const { what, program } = subject;
  return new Promise<T>((resolve, reject) => {
    const first = check();
    if (first !== undefined) return resolve(first);
    if (options.signal?.aborted)
      return reject(new AbortError(what, options.signal.reason, program));
    const cleanup = () => {
      unsubscribe();
      clock.clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    };
    const settle = (fn: () => void) => {
      cleanup();
      fn();
    };
    const onAbort = () =>
      settle(() => reject(new AbortError(what, options.signal?.reason, program)));
    const unsubscribe = subscribe(() => {
      try {
        const value = check();
        if (value !== undefined) settle(() => resolve(value));
      } catch (error) {
        settle(() => reject(error));
      }
    });
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : clock.setTimeout(
            () => settle(() => reject(new TimeoutError(what, options.timeoutMs ?? 0, program))),
            options.timeoutMs,
          );
    options.signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** What `program.waitFor(target)` waits for: a test of the state, and words for a timeout. */
export function stateTarget<S extends string>(
  program: string,
  target: S | ((state: S) => boolean),
): { readonly what: string; readonly matches: (state: S) => boolean } {
  if (typeof target === 'function') {
    return { what: `program "${program}" to reach the expected state`, matches: target };
  }
  return { what: `program "${program}" to be ${target}`, matches: (s) => s === target };
}

/** Settles as `work` does, or rejects with `onTimeout()` after `ms` through the clock (0 = never). */
export function withTimeout<T>(
  work: Promise<T>,
  ms: number,
  clock: Clock,
  onTimeout: () => unknown,
): Promise<T> {
  if (ms <= 0) return work;
  return new Promise<T>((resolve, reject) => {
    const timer = clock.setTimeout(() => reject(onTimeout()), ms);
    work.then(
      (value) => {
        clock.clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clock.clearTimeout(timer);
        reject(error);
      },
    );
  });
}
