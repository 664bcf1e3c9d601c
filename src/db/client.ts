import { drizzle } from "drizzle-orm/d1";
import * as schema from "./schema";

/** A drizzle handle on the history database. */
export function database(d1: D1Database) {
  return drizzle(d1, { schema });
}
export type Database = ReturnType<typeof database>;
