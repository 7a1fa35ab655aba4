/**
 * Frozen option values shared between programs: the programs of one configuration (or a
 * loop of `add()` calls) mostly have the same logs, events, environment and exit codes, and
 * one frozen object can serve them all instead of a copy each (several hundred bytes per
 * program). Each kind remembers only the last value it saw, so nothing accumulates.
 */
export class SharedValue<T> {
  #key: string | undefined;
  #value: T | undefined;

  /**
   * An earlier value equal to `value`, or `value` itself, remembered. Equal means the same
   * keys and values, an undefined one included; a value holding a function is never shared.
   */
  share(value: T): T {
    const key = keyOf(value);
    if (key === undefined) return value;
    if (key === this.#key) return this.#value as T;
    this.#key = key;
    this.#value = value;
    return value;
  }
}

const UNDEFINED = '\u0000undefined';

function keyOf(value: unknown): string | undefined {
  let plain = true;
  const key = JSON.stringify(value, (_k, v: unknown) => {
    if (typeof v === 'function' || typeof v === 'symbol' || typeof v === 'bigint') plain = false;
    if (v === undefined) return UNDEFINED;
    // NaN, the infinities and -0 would all read as null or 0 in JSON.
    if (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0))) return `\u0000${v}`;
    return v;
  });
  return plain ? key : undefined;
}
