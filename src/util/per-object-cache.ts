/**
 * A value computed once per key object for the isolate's life: for pure work on
 * objects that never change (a zod schema, a D1 binding). A compute that
 * throws caches nothing, so it throws again next time.
 *
 * Example:
 *   const handles = new WeakMap<D1Database, Handle>();
 *   const handle = cachedFor(handles, env.DB, () => drizzle(env.DB, { schema }));
 */
export function cachedFor<K extends object, V>(cache: WeakMap<K, V>, key: K, compute: () => V): V {
  if (cache.has(key)) return cache.get(key) as V;
  const value = compute();
  cache.set(key, value);
  return value;
}
