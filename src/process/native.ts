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
  /**
   * Copies `region` (whole lines) into `out` from `offset` with `prefix` before every line;
   * the end offset, or -1 when `out` lacks room (native/lines.c). Absent from older builds.
   */
  stampLines?(region: Uint8Array, prefix: Uint8Array, out: Uint8Array, offset: number): number;
  /**
   * socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC): [hostFd, childFd], or null when refused
   * (native/pipes.c); `childSendBytes` sets SO_SNDBUF of the child's end (older builds
   * ignore it). Absent from older builds.
   */
  socketPair?(childSendBytes?: number): [number, number] | null;
  /**
   * Writes the offset (from `start`) of every newline of region[start, end) into `out`;
   * their count, or -1 when a byte is not ASCII or `out` is too short (native/line-ends.c).
   * Absent from older builds.
   */
  lineEnds?(region: Uint8Array, start: number, end: number, out: Int32Array): number;
  /**
   * Appends to `out` the children of every thread of `pid` (/proc/PID/task/TID/children);
   * returns the threads read, -1 when the process is gone, -2 when the kernel keeps no child
   * lists (native/children.c). Absent from older builds.
   */
  taskChildren?(pid: number, out: number[]): number;
  /**
   * Where the last `n` lines of `region` (whole lines) start; 0 when it has `n` or fewer
   * (native/line-ends.c). Absent from older builds.
   */
  lastLinesStart?(region: Uint8Array, n: number): number;
}

let loaded: NativeAddon | null | undefined;

/**
 * The addon: built in this repository by node-gyp (build/Release/overseer_native.node), or
 * in the published package prebuilt for the platform it was packed on
 * (prebuilds/<platform>-<arch>/); undefined when neither loads (another platform, a libc it
 * does not fit, OVERSEER_NO_NATIVE=1 at run time). Everything that uses it has a documented
 * fallback.
 */
export function nativeAddon(): NativeAddon | undefined {
  if (loaded !== undefined) return loaded ?? undefined;
  loaded = null;
  if (process.platform !== 'linux' || process.env.OVERSEER_NO_NATIVE === '1') return undefined;
  // Two levels up from src/process/ and from dist/process/: the package root.
  loaded = loadFirst(createRequire(import.meta.url), [
    '../../build/Release/overseer_native.node',
    `../../prebuilds/${process.platform}-${process.arch}/overseer_native.node`,
  ]);
  return loaded ?? undefined;
}

/**
 * One of the addon's functions that older builds lack (stampLines, lineEnds, taskChildren...),
 * bound to the addon; undefined without the addon or in a build without it. Each caller has
 * its fallback.
 */
export function nativeFunction<K extends keyof NativeAddon>(
  name: K,
): NonNullable<NativeAddon[K]> | undefined {
  const addon = nativeAddon();
  const fn: unknown = addon?.[name];
  if (typeof fn !== 'function') return undefined;
  return fn.bind(addon) as NonNullable<NativeAddon[K]>;
}

/** The first of `paths` that loads, or null. */
function loadFirst(require: NodeJS.Require, paths: readonly string[]): NativeAddon | null {
  for (const path of paths) {
    try {
      return require(path) as NativeAddon;
    } catch {
      // not built there, or not loadable on this machine: try the next
    }
  }
  return null;
}
