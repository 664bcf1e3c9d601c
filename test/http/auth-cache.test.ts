/**
 * The per-isolate API key cache is bounded: a flood of distinct unknown keys
 * holds a fixed number of entries and does not push real callers out, and a
 * key that cannot be one is refused without hashing or a D1 query.
 */
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { BoundedCache } from "../../src/http/middleware/bounded-cache";
import { authCacheSizes, clearAuthCache, resolveKey, UNKNOWN_KEY_CACHE_ENTRIES } from "../../src/http/middleware/auth";
import { call, DEMO_KEY } from "../support/http";

/** The real D1 binding, counting the statements prepared on it. */
/** A D1 binding that counts the statements bound on it: each bound statement is one query (the key lookup is prepared once, bound per call). */
function countingDb() {
  let queries = 0;
  const counted = (stmt: D1PreparedStatement): D1PreparedStatement =>
    new Proxy(stmt, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target);
        if (prop === "bind") return (...args: unknown[]) => (queries++, counted(stmt.bind(...args)));
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  const db = new Proxy(env.DB, {
    get(target, prop) {
      if (prop === "prepare") return (query: string) => counted(target.prepare(query));
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { db, prepared: () => queries };
}

beforeEach(() => clearAuthCache());

describe("API key cache", () => {
  it("holds a bounded number of unknown keys however many distinct ones arrive", async () => {
    const flood = UNKNOWN_KEY_CACHE_ENTRIES * 3;
    for (let i = 0; i < flood; i++) expect(await resolveKey(env.DB, `bogus-${i}-${crypto.randomUUID()}`)).toBeNull();
    expect(authCacheSizes().unknown).toBe(UNKNOWN_KEY_CACHE_ENTRIES);
    // Over HTTP too: still 401, still bounded.
    for (let i = 0; i < 20; i++) expect((await call("/v1/agents", { key: `bogus-http-${i}-${crypto.randomUUID()}` })).status).toBe(401);
    expect(authCacheSizes().unknown).toBe(UNKNOWN_KEY_CACHE_ENTRIES);
  });

  it("does not let a flood of unknown keys evict a real caller", async () => {
    expect(await resolveKey(env.DB, DEMO_KEY)).toMatchObject({ tenantId: "demo", role: "client" });
    for (let i = 0; i < UNKNOWN_KEY_CACHE_ENTRIES * 2; i++) await resolveKey(env.DB, `bogus-${i}-${crypto.randomUUID()}`);
    const { db, prepared } = countingDb();
    expect(await resolveKey(db, DEMO_KEY)).toMatchObject({ tenantId: "demo" });
    expect(prepared()).toBe(1); // a live key is read from D1 each time (revocation holds at once), never refused from the cache
  });

  it("refuses a key that cannot be one without a D1 query", async () => {
    const { db, prepared } = countingDb();
    for (const key of ["x".repeat(10_000), "short", "has space", "caf\u00e9-key-0001"]) expect(await resolveKey(db, key)).toBeNull();
    expect(prepared()).toBe(0);
    expect(authCacheSizes()).toEqual({ unknown: 0 });
    const res = await call("/v1/agents", { key: "k".repeat(4096) });
    expect(res.status).toBe(401);
    expect(((await res.json()) as any).error.code).toBe("UNAUTHENTICATED");
  });

  it("still looks an unknown key up once per TTL, not once per request", async () => {
    const { db, prepared } = countingDb();
    const key = `unknown-${crypto.randomUUID()}`;
    await resolveKey(db, key, 1_000);
    await resolveKey(db, key, 2_000);
    expect(prepared()).toBe(1);
    await resolveKey(db, key, 1_000 + 30_001); // expired: looked up again
    expect(prepared()).toBe(2);
  });
});

describe("BoundedCache", () => {
  it("evicts the least recently used entry and drops expired ones", () => {
    const cache = new BoundedCache<string, number>(2, 100);
    cache.set("a", 1, 0);
    cache.set("b", 2, 0);
    expect(cache.get("a", 10)).toBe(1); // a is now the most recent
    cache.set("c", 3, 10);
    expect(cache.size).toBe(2);
    expect(cache.get("b", 10)).toBeUndefined();
    expect(cache.get("a", 10)).toBe(1);
    expect(cache.get("c", 200)).toBeUndefined();
    expect(cache.size).toBe(1);
  });
});
