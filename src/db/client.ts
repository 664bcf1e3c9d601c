import { drizzle } from "drizzle-orm/d1";
import * as schema from "./schema";

type Handle = ReturnType<typeof drizzle<typeof schema>>;

/** Building a handle walks the whole schema (drizzle's relational config), so each binding gets one per isolate. */
const handles = new WeakMap<D1Database, Handle>();

/** A drizzle handle on the history database. */
export function database(d1: D1Database): Handle {
  let handle = handles.get(d1);
  if (!handle) {
    handle = drizzle(d1, { schema });
    handles.set(d1, handle);
  }
  return handle;
}
export type Database = ReturnType<typeof database>;
