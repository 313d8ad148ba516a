import { LRUCache } from 'lru-cache';

/**
 * Serialized document trees by (document id, content stamp). A process-local cache that is safe with
 * any number of app processes: the stamp is read from the database on every request, and a stamp is
 * never reused, so a cached entry can only be served while it is current. Bounded by total size
 * (characters of JSON), least recently used first out (lru-cache). docs/decisions/005-tree-cache.md
 */
export class SerializedCache {
  private readonly entries: LRUCache<string, string>;

  constructor(maxBytes = 64 * 1024 * 1024) {
    this.entries = new LRUCache<string, string>({ maxSize: maxBytes, maxEntrySize: maxBytes, sizeCalculation: (value) => Math.max(1, value.length) });
  }

  get(key: string): string | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: string): void {
    this.entries.set(key, value);
  }

  get bytes(): number {
    return this.entries.calculatedSize;
  }
}
