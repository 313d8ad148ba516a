import { describe, expect, it } from 'vitest';
import { SerializedCache } from './tree-cache.ts';

describe('the serialized tree cache', () => {
  it('keeps at most its size, dropping the least recently used first', () => {
    const cache = new SerializedCache(10);
    cache.set('a', 'aaaa');
    cache.set('b', 'bbbb');
    expect(cache.get('a')).toBe('aaaa'); // a is now the most recently used
    cache.set('c', 'cccc'); // 12 > 10: b goes, not a
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual(['aaaa', undefined, 'cccc']);
    expect(cache.bytes).toBe(8);
  });

  it('does not keep an entry larger than the whole cache', () => {
    const cache = new SerializedCache(10);
    cache.set('small', 'xx');
    cache.set('huge', 'y'.repeat(11));
    expect([cache.get('small'), cache.get('huge')]).toEqual(['xx', undefined]);
  });

  it('replaces an entry under the same key and counts it once', () => {
    const cache = new SerializedCache(10);
    cache.set('a', 'aaaa');
    cache.set('a', 'aaaaaa');
    expect([cache.get('a'), cache.bytes]).toEqual(['aaaaaa', 6]);
  });
});
