/**
 * Per-tenant agent data as named collections (issue 14). An agent declares
 * the data it reads (`AgentDefinition.dataCollections`): a zod record schema,
 * the record's key, and how its own tables are replaced and paged. This module
 * owns what is the same for every collection:
 *
 * - a load is validated whole before anything is written: the first bad
 *   record (schema, duplicate key, a reference the agent checks) stops it
 *   with its index and zod path, and the stored data stays as it was;
 * - a valid load replaces the tenant's rows in one D1 batch (a transaction):
 *   readers see the old data or the new, never a mix;
 * - pages are ordered by key and continue after an opaque cursor.
 *
 * Errors are `AgentDataError`s with a code; the HTTP layer picks the status.
 */
import { z } from "zod";
import type { BatchItem } from "drizzle-orm/batch";
import type { Clock } from "./clock";
import { RuntimeError } from "./errors";

/** Records one load may hold (beyond it, split the data or ask for a bigger limit). */
export const MAX_RECORDS = 10_000;
export const PAGE_DEFAULT = 50;
export const PAGE_MAX = 200;
/** D1 binds at most 100 parameters per statement. */
const MAX_BOUND_PARAMETERS = 100;

/** A record a collection's own check refuses (e.g. a reference to a row that does not exist). */
export interface RecordProblem {
  code: string;
  index: number;
  path: (string | number)[];
  message: string;
}

export interface AgentDataCollection<S extends z.ZodType = z.ZodType> {
  /** What the records are, for operators (shown with the JSON Schema). */
  description: string;
  /** One record's schema: what a load is validated against and what a page returns. */
  record: S;
  /** The record's id: unique within a load, and the paging order. */
  key(record: z.output<S>): string;
  /** Checks of the whole load against stored data, after every record is valid; the first problem, or null. */
  check?(d1: D1Database, tenantId: string, records: z.output<S>[]): Promise<RecordProblem | null>;
  /** Replaces the tenant's rows with these, atomically (one D1 batch). */
  replace(d1: D1Database, tenantId: string, records: z.output<S>[]): Promise<void>;
  /** The tenant's records with a key after `after` (null: from the start), ordered by key, at most `limit`. */
  list(d1: D1Database, tenantId: string, page: { after: string | null; limit: number }): Promise<z.output<S>[]>;
}

/** Keeps the record type flowing from the schema into `key`, `replace` and `list`. */
export function defineDataCollection<S extends z.ZodType>(collection: AgentDataCollection<S>): AgentDataCollection<S> {
  return collection;
}

/** A load or a page request that cannot be applied; `details` says where. */
export class AgentDataError extends RuntimeError {
  constructor(code: string, message: string, details?: unknown) {
    super(code, message, { retryable: false, details });
    this.name = "AgentDataError";
  }
}

export type BodyFormat = "json" | "ndjson";

/** The records of a body: a JSON array, or NDJSON (one record per line; blank lines are skipped). */
export function parseRecords(text: string, format: BodyFormat): unknown[] {
  if (format === "json") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new AgentDataError("INVALID_JSON", "The body is not valid JSON.");
    }
    if (!Array.isArray(parsed)) throw new AgentDataError("NOT_AN_ARRAY", "Send the records as a JSON array (or as NDJSON, one record per line).");
    return parsed;
  }
  const records: unknown[] = [];
  const lines = text.split("\n");
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (!line) continue;
    if (records.length === MAX_RECORDS) throw tooMany(); // stop parsing early: the rest cannot be loaded anyway
    try {
      records.push(JSON.parse(line));
    } catch {
      const index = records.length;
      throw new AgentDataError("INVALID_JSON_LINE", `Line ${i + 1} (record ${index}) is not JSON.`, { index, line: i + 1, path: [], message: "not JSON" });
    }
  }
  return records;
}

const tooMany = () => new AgentDataError("TOO_MANY_RECORDS", `A load holds at most ${MAX_RECORDS.toLocaleString("en-US")} records.`, { max: MAX_RECORDS });

const issuePath = (path: readonly PropertyKey[]) => path.map((p) => (typeof p === "symbol" ? String(p) : p));

/** Every record valid, keys unique, the collection's own check passed: the records as parsed (defaults applied). */
export async function validateLoad<S extends z.ZodType>(d1: D1Database, tenantId: string, collection: AgentDataCollection<S>, raw: unknown[]): Promise<z.output<S>[]> {
  if (raw.length > MAX_RECORDS) throw tooMany();
  const records: z.output<S>[] = [];
  const seen = new Map<string, number>();
  for (const [index, value] of raw.entries()) {
    const parsed = collection.record.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const path = issuePath(issue.path);
      throw new AgentDataError("INVALID_RECORD", `Record ${index} is invalid at ${path.length ? path.join(".") : "the top level"}: ${issue.message}`, { index, path, message: issue.message });
    }
    const key = collection.key(parsed.data);
    const first = seen.get(key);
    if (first !== undefined) {
      throw new AgentDataError("DUPLICATE_KEY", `Records ${first} and ${index} have the same id "${key}".`, { index, firstIndex: first, indexes: [first, index], key, path: [], message: "duplicate id" });
    }
    seen.set(key, index);
    records.push(parsed.data);
  }
  const problem = await collection.check?.(d1, tenantId, records);
  if (problem) throw new AgentDataError(problem.code, `Record ${problem.index}: ${problem.message}`, { index: problem.index, path: problem.path, message: problem.message });
  return records;
}

/** Validates and replaces a collection's data for one tenant; nothing is written unless every record passes. */
export async function loadCollection<S extends z.ZodType>(
  d1: D1Database,
  tenantId: string,
  collection: AgentDataCollection<S>,
  raw: unknown[],
  clock: Clock,
): Promise<{ records: number; replacedAt: number }> {
  const records = await validateLoad(d1, tenantId, collection, raw);
  await collection.replace(d1, tenantId, records);
  return { records: records.length, replacedAt: clock.now() };
}

// ---- paging -----------------------------------------------------------------

const CursorSchema = z.object({ c: z.string(), after: z.string() });

/** Opaque to callers: base64url JSON naming the collection, so a cursor of another collection is refused. */
function encodeCursor(collection: string, after: string): string {
  const bytes = new TextEncoder().encode(JSON.stringify({ c: collection, after }));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function decodeCursor(collection: string, cursor: string): string {
  try {
    const binary = atob(cursor.replace(/-/g, "+").replace(/_/g, "/"));
    const parsed = CursorSchema.parse(JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (ch) => ch.charCodeAt(0)))));
    if (parsed.c === collection) return parsed.after;
  } catch {
    // fall through: any cursor we did not make is the same mistake
  }
  throw new AgentDataError("INVALID_CURSOR", "The cursor is not one this collection returned; start again without it.");
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** One page of a tenant's records, ordered by key; `nextCursor` is null on the last page. */
export async function pageOf<S extends z.ZodType>(
  d1: D1Database,
  tenantId: string,
  name: string,
  collection: AgentDataCollection<S>,
  request: { cursor?: string; limit: number },
): Promise<Page<z.output<S>>> {
  const after = request.cursor ? decodeCursor(name, request.cursor) : null;
  // One more than asked says whether another page exists without a COUNT.
  const rows = await collection.list(d1, tenantId, { after, limit: request.limit + 1 });
  const items = rows.slice(0, request.limit);
  const more = rows.length > request.limit;
  return { items, nextCursor: more ? encodeCursor(name, collection.key(items[items.length - 1]!)) : null };
}

// ---- helpers for collections' `replace` ----------------------------------------

/** Splits rows so each multi-row INSERT binds at most D1's parameter limit. */
export function insertChunks<T>(rows: readonly T[], columns: number): T[][] {
  return chunked(rows, Math.max(1, Math.floor(MAX_BOUND_PARAMETERS / columns)));
}

export function chunked<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/** The non-empty statement list drizzle's `batch` wants: the delete first, then the inserts. */
export function replaceStatements(remove: BatchItem<"sqlite">, inserts: BatchItem<"sqlite">[]): [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]] {
  return [remove, ...inserts];
}

/** The JSON Schema of a collection's records (what a load is validated against). */
export function recordJsonSchema(collection: AgentDataCollection): unknown {
  return z.toJSONSchema(collection.record, { io: "input", unrepresentable: "any" });
}
