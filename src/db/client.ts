import { drizzle } from "drizzle-orm/d1";
import { cachedFor } from "../util/per-object-cache";
import * as schema from "./schema";

type Handle = ReturnType<typeof drizzle<typeof schema>>;

/** Building a handle walks the whole schema (drizzle's relational config), so each binding gets one per isolate. */
const handles = new WeakMap<D1Database, Handle>();

/** A drizzle handle on the history database. */
export function database(d1: D1Database): Handle {
  return cachedFor(handles, d1, () => drizzle(d1, { schema }));
}
export type Database = ReturnType<typeof database>;
