/**
 * A bounded cache, least recently used out first. Answers are cached per corpus version; without a
 * bound, a day of distinct queries over a million sentences would keep every result list alive.
 */
export class LruCache<V> {
  private map = new Map<string, V>();
  constructor(readonly max: number) {}

  get size(): number {
    return this.map.size;
  }

  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      // Re-inserting moves the key to the young end of the Map's insertion order.
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value!);
  }

  /** The cached value, or computes, caches and returns it. */
  remember<T extends V>(key: string, compute: () => T): T {
    const hit = this.get(key);
    if (hit !== undefined) return hit as T;
    const v = compute();
    this.set(key, v);
    return v;
  }

  /** The cached value without counting as a use. */
  peek(key: string): V | undefined {
    return this.map.get(key);
  }

  delete(key: string): void {
    this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
  }
}
