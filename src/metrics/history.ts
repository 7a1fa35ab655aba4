import type { ProgramStats } from './sampler.js';

/** The numbers of a sample, in the order they are stored. */
const FIELDS = 7; // pid, cpu, memory, treeCpu, treeMemory, elapsedMs, time

/**
 * The last `capacity` samples of one program, oldest dropped first, stored as numbers in one
 * array of doubles (unboxed, grown by use up to capacity) instead of one object per sample:
 * sixty samples cost about 4 KiB instead of about 8. A plain array, not a Float64Array: a
 * typed array's buffer lives off the heap with bookkeeping of its own, too dear for a few. `toArray()` builds frozen ProgramStats again, equal
 * field by field to the ones pushed (a new array of new objects each call).
 */
export class SampleHistory {
  readonly capacity: number;
  #numbers: number[] = [];
  /** name, group and descendants of each slot: usually the same few values, shared. */
  #labels: (readonly [string, string])[] = [];
  #descendants: (readonly number[])[] = [];
  #start = 0;
  #size = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 0) {
      throw new RangeError(`history capacity must be a whole number >= 0, got ${capacity}.`);
    }
    this.capacity = capacity;
  }

  get size(): number {
    return this.#size;
  }

  push(stats: ProgramStats): void {
    if (this.capacity === 0) return;
    let slot: number;
    if (this.#size < this.capacity) {
      slot = this.#size++;
      if (slot === this.#labels.length) this.#grow();
    } else {
      slot = this.#start;
      this.#start = (this.#start + 1) % this.capacity;
    }
    const n = this.#numbers;
    const at = slot * FIELDS;
    n[at] = stats.pid;
    n[at + 1] = stats.cpu;
    n[at + 2] = stats.memory;
    n[at + 3] = stats.treeCpu;
    n[at + 4] = stats.treeMemory;
    n[at + 5] = stats.elapsedMs;
    n[at + 6] = stats.time;
    this.#labels[slot] = this.#label(stats, slot);
    this.#descendants[slot] = stats.descendants.length === 0 ? NONE : stats.descendants;
  }

  /**
   * Room for more slots: doubled up to capacity (1, 2, 4 … 60), each array exactly that long
   * (push would leave spare room), so a history copies itself a few times, not once a sample.
   */
  #grow(): void {
    const slots = this.#labels.length;
    const more = Math.min(this.capacity, Math.max(1, slots * 2)) - slots;
    this.#numbers = this.#numbers.concat(new Array<number>(more * FIELDS).fill(0));
    this.#labels = this.#labels.concat(new Array<readonly [string, string]>(more).fill(NO_LABEL));
    this.#descendants = this.#descendants.concat(new Array<readonly number[]>(more).fill(NONE));
  }

  /** The samples, oldest first, as new frozen objects. */
  toArray(): ProgramStats[] {
    const out = new Array<ProgramStats>(this.#size);
    for (let i = 0; i < this.#size; i++) out[i] = this.#at((this.#start + i) % this.capacity);
    return out;
  }

  #at(slot: number): ProgramStats {
    const n = this.#numbers;
    const at = slot * FIELDS;
    const [name, group] = this.#labels[slot] as readonly [string, string];
    return Object.freeze({
      name,
      group,
      pid: n[at] as number,
      cpu: n[at + 1] as number,
      memory: n[at + 2] as number,
      treeCpu: n[at + 3] as number,
      treeMemory: n[at + 4] as number,
      descendants: this.#descendants[slot] === NONE ? Object.freeze([]) : this.#descendants[slot]!,
      elapsedMs: n[at + 5] as number,
      time: n[at + 6] as number,
    });
  }

  /** The previous slot's label when it is the same (it always is for one program). */
  #label(stats: ProgramStats, slot: number): readonly [string, string] {
    const before = this.#labels[slot === 0 ? this.#labels.length - 1 : slot - 1];
    if (before && before[0] === stats.name && before[1] === stats.group) return before;
    return [stats.name, stats.group];
  }
}

/** The label of a slot not used yet. */
const NO_LABEL: readonly [string, string] = Object.freeze(['', ''] as const);

/** The descendants of a sample that had none. */
const NONE: readonly number[] = Object.freeze([]);
