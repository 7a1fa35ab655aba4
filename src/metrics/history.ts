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
  /** name and group of the samples: one program's, so the same pair in every slot. */
  #label: readonly [string, string] = NO_LABEL;
  /** Per slot, made only when a sample comes under another name or group (never, in use). */
  #labels: (readonly [string, string])[] | undefined;
  /** Per slot, made at the first sample with descendants (most programs have none). */
  #descendants: (readonly number[])[] | undefined;
  /** Slots the arrays have room for. */
  #slots = 0;
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
      if (slot === this.#slots) this.#grow();
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
    this.#setLabel(slot, stats);
    this.#setDescendants(slot, stats.descendants);
  }

  /**
   * Room for more slots: doubled up to capacity (1, 2, 4 … 60), each array exactly that long
   * (push would leave spare room), so a history copies itself a few times, not once a sample.
   */
  #grow(): void {
    const slots = this.#slots;
    this.#slots = Math.min(this.capacity, Math.max(1, slots * 2));
    const more = this.#slots - slots;
    this.#numbers = this.#numbers.concat(new Array<number>(more * FIELDS).fill(0));
    if (this.#labels) this.#labels = padded(this.#labels, more, this.#label);
    if (this.#descendants) this.#descendants = padded(this.#descendants, more, NONE);
  }

  #setLabel(slot: number, stats: ProgramStats): void {
    const [name, group] = this.#label;
    if (name === stats.name && group === stats.group) {
      if (this.#labels) this.#labels[slot] = this.#label;
    } else if (this.#size === 1 && !this.#labels) {
      // The first sample (or a history of one): its pair is the history's.
      this.#label = [stats.name, stats.group];
    } else {
      this.#labels ??= new Array<readonly [string, string]>(this.#slots).fill(this.#label);
      this.#labels[slot] = [stats.name, stats.group];
    }
  }

  #setDescendants(slot: number, descendants: readonly number[]): void {
    if (descendants.length === 0 && !this.#descendants) return;
    this.#descendants ??= new Array<readonly number[]>(this.#slots).fill(NONE);
    this.#descendants[slot] = descendants.length === 0 ? NONE : descendants;
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
    const [name, group] = this.#labels?.[slot] ?? this.#label;
    const descendants = this.#descendants?.[slot] ?? NONE;
    return Object.freeze({
      name,
      group,
      pid: n[at] as number,
      cpu: n[at + 1] as number,
      memory: n[at + 2] as number,
      treeCpu: n[at + 3] as number,
      treeMemory: n[at + 4] as number,
      descendants: descendants === NONE ? Object.freeze([]) : descendants,
      elapsedMs: n[at + 5] as number,
      time: n[at + 6] as number,
    });
  }
}

/** `list` with `more` copies of `fill` after it. */
const padded = <T>(list: T[], more: number, fill: T): T[] =>
  list.concat(new Array<T>(more).fill(fill));

/** The label of a slot not used yet. */
const NO_LABEL: readonly [string, string] = Object.freeze(['', ''] as const);

/** The descendants of a sample that had none. */
const NONE: readonly number[] = Object.freeze([]);
