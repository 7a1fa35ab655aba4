import { nativeFunction } from '../process/native.js';
import { stampLines } from './timestamps.js';
import type { WriteQueue } from './write-queue.js';

/** Room of one slab the stamped regions are cut from. */
const SLAB_BYTES = 1024 * 1024;

type NativeStamp = (region: Uint8Array, prefix: Uint8Array, out: Uint8Array, at: number) => number;

/**
 * Puts a prefix (a timestamp, logPrefix) before every line of a region. With the native addon
 * the stamped copy is made in C (16 bytes at a time, about ten times the speed of the
 * JavaScript way) into slabs of 1 MiB shared by every program: each region takes the next
 * bytes of the current slab, and a slab is freed once the regions cut from it are written.
 * Without the addon, {@link stampLines} (same bytes).
 */
export class LineStamper {
  readonly #native: NativeStamp | undefined;
  #slab: Buffer | undefined;
  #used = 0;
  #prefix = '';
  #prefixBytes = Buffer.alloc(0);

  constructor(native: NativeStamp | undefined = nativeStamp()) {
    this.#native = native;
  }

  /** `region` (whole lines) with `prefix` (latin1 text of its bytes) before every line. */
  stamp(region: Buffer, prefix: string): Buffer {
    const native = this.#native;
    if (!native) return stampLines(region, prefix);
    this.#bytesOf(prefix);
    let end = this.#slab ? native(region, this.#prefixBytes, this.#slab, this.#used) : -1;
    if (end < 0) {
      this.#slab = Buffer.allocUnsafeSlow(Math.max(SLAB_BYTES, 2 * region.length + 64));
      this.#used = 0;
      end = native(region, this.#prefixBytes, this.#slab, 0);
      // Many short lines can take more than twice the region: the JavaScript way has no limit.
      if (end < 0) return stampLines(region, prefix);
    }
    const stamped = this.#slab!.subarray(this.#used, end);
    this.#used = end;
    return stamped;
  }

  /**
   * Queues `region` with `prefix` before every line straight into a file's queue: one copy,
   * and no slab (a slab per MiB stamped was new memory V8 counted towards full collections).
   */
  stampInto(queue: WriteQueue, region: Buffer, prefix: string): void {
    const native = this.#native;
    if (!native) {
      queue.append(stampLines(region, prefix));
      return;
    }
    const bytes = this.#bytesOf(prefix);
    // Twice the region is room enough unless the lines are shorter than the prefix.
    let end = native(region, bytes, queue.room(2 * region.length + bytes.length), queue.length);
    if (end < 0)
      end = native(region, bytes, queue.room(stampedBytes(region, bytes.length)), queue.length);
    queue.commit(end);
  }

  #bytesOf(prefix: string): Buffer {
    if (prefix !== this.#prefix) {
      this.#prefix = prefix;
      this.#prefixBytes = Buffer.from(prefix, 'latin1');
    }
    return this.#prefixBytes;
  }
}

/** The size of `region` stamped: a prefix per line. */
function stampedBytes(region: Buffer, prefixBytes: number): number {
  let lines = 0;
  for (let i = region.indexOf(0x0a); i !== -1; i = region.indexOf(0x0a, i + 1)) lines++;
  return region.length + prefixBytes * Math.max(1, lines);
}

const nativeStamp = (): NativeStamp | undefined => nativeFunction('stampLines');

let shared: LineStamper | undefined;

/** The stamper of every program: one slab for all, so idle programs hold no memory. */
export function sharedStamper(): LineStamper {
  shared ??= new LineStamper();
  return shared;
}
