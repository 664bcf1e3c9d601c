/**
 * A small LRU with per-entry expiry, for per-isolate caches fed by request
 * data (e.g. API key lookups): whatever callers send, it never holds more than
 * `maxEntries`, and expired entries are dropped when touched.
 */
export class BoundedCache<K, V> {
  // A Map iterates in insertion order: re-inserting on read keeps the least
  // recently used entry first, which is the one evicted.
  private readonly entries = new Map<K, { value: V; expires: number }>();

  constructor(
    readonly maxEntries: number,
    private readonly ttlMs: number,
  ) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError("maxEntries must be a positive integer");
  }

  get size(): number {
    return this.entries.size;
  }

  /** The live value, or undefined (missing or expired). */
  get(key: K, now: number): V | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    this.entries.delete(key);
    if (hit.expires <= now) return undefined;
    this.entries.set(key, hit);
    return hit.value;
  }

  set(key: K, value: V, now: number): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expires: now + this.ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
