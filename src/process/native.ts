import { createRequire } from 'node:module';

/** What overseer's optional native addon (native/overseer.c) offers. */
export interface NativeAddon {
  /** prctl(PR_SET_CHILD_SUBREAPER); false when refused (or not Linux). */
  setChildSubreaper(on: boolean): boolean;
  isChildSubreaper(): boolean;
  /** Pids of the children Node (libuv's main loop) spawned: never reaped by overseer. */
  spawnedPids(): number[];
  /** waitpid(WNOHANG) for each pid Node did not spawn; returns the ones reaped. */
  reap(pids: readonly number[]): number[];
}

let loaded: NativeAddon | null | undefined;

/**
 * The addon built by node-gyp at install (build/Release/overseer_native.node), or undefined
 * when it is missing (no compiler at install, not Linux, OVERSEER_SKIP_NATIVE=1 or
 * OVERSEER_NO_NATIVE=1 at run time). Everything that uses it has a documented fallback.
 */
export function nativeAddon(): NativeAddon | undefined {
  if (loaded !== undefined) return loaded ?? undefined;
  loaded = null;
  if (process.platform !== 'linux' || process.env.OVERSEER_NO_NATIVE === '1') return undefined;
  try {
    // Two levels up from src/process/ and from dist/process/: the package root.
    const require = createRequire(import.meta.url);
    loaded = require('../../build/Release/overseer_native.node') as NativeAddon;
  } catch {
    loaded = null;
  }
  return loaded ?? undefined;
}
