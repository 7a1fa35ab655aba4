/**
 * A group's members by name, in the order they were added. Most groups hold one program (a
 * program added alone is its own group), so one member is held inline and a Map is made only
 * for the second: an empty-ish Map costs about 180 bytes per group.
 */
export class Members<V> {
  #oneKey: string | undefined;
  #one: V | undefined;
  #map: Map<string, V> | undefined;

  get size(): number {
    if (this.#map) return this.#map.size;
    return this.#oneKey === undefined ? 0 : 1;
  }

  get(key: string): V | undefined {
    if (this.#map) return this.#map.get(key);
    return key === this.#oneKey ? this.#one : undefined;
  }

  has(key: string): boolean {
    return this.#map ? this.#map.has(key) : key === this.#oneKey;
  }

  set(key: string, value: V): void {
    if (this.#map) {
      this.#map.set(key, value);
    } else if (this.#oneKey === undefined || this.#oneKey === key) {
      this.#oneKey = key;
      this.#one = value;
    } else {
      this.#map = new Map([
        [this.#oneKey, this.#one as V],
        [key, value],
      ]);
      this.#oneKey = undefined;
      this.#one = undefined;
    }
  }

  delete(key: string): boolean {
    if (this.#map) return this.#map.delete(key);
    if (key !== this.#oneKey) return false;
    this.#oneKey = undefined;
    this.#one = undefined;
    return true;
  }

  values(): IterableIterator<V> {
    if (this.#map) return this.#map.values();
    return (this.#oneKey === undefined ? [] : [this.#one as V]).values();
  }
}
