/**
 * Serialized document trees by (document id, content stamp). A process-local cache that is safe with
 * any number of app processes: the stamp is read from the database on every request, and a stamp is
 * never reused, so a cached entry can only be served while it is current. Bounded by total size,
 * least recently used first out. (A Map keeps insertion order; a small LRU needs no library.)
 */
export class SerializedCache {
  private readonly entries = new Map<string, string>();
  private size = 0;

  constructor(private readonly maxBytes = 64 * 1024 * 1024) {}

  get(key: string): string | undefined {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, value: string): void {
    if (value.length > this.maxBytes) return;
    const old = this.entries.get(key);
    if (old !== undefined) {
      this.size -= old.length;
      this.entries.delete(key);
    }
    this.entries.set(key, value);
    this.size += value.length;
    for (const [k, v] of this.entries) {
      if (this.size <= this.maxBytes) break;
      this.entries.delete(k);
      this.size -= v.length;
    }
  }

  get bytes(): number {
    return this.size;
  }
}
