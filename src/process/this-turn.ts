/**
 * Work and reads shared by everything that happens in one turn of the event loop: a stop or a
 * sampling pass of many programs asks once per program, and these answer once per turn.
 */

/** A function that runs `fn` once at the end of this turn, however often it is called in it. */
export function endOfTurn(fn: () => void): () => void {
  let asked = false;
  const run = () => {
    asked = false;
    fn();
  };
  return () => {
    if (asked) return;
    asked = true;
    setImmediate(run);
  };
}

/** A value read at most once per turn of the event loop; `forget()` drops it sooner. */
export class TurnCache<T> {
  readonly #read: () => T;
  #value: T | undefined;
  readonly #expire = endOfTurn(() => this.forget());

  constructor(read: () => T) {
    this.#read = read;
  }

  get(): T {
    if (this.#value === undefined) {
      this.#value = this.#read();
      this.#expire();
    }
    return this.#value;
  }

  /** The value was read in this turn (a get() now costs nothing). */
  get cached(): boolean {
    return this.#value !== undefined;
  }

  forget(): void {
    this.#value = undefined;
  }
}
