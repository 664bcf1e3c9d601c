/** Opaque paging cursors: base64url of the last row's (created_at, id), so pages stay stable while rows are added. */
import { z } from "zod";
import { TenantError } from "./errors";

const Position = z.tuple([z.number().int(), z.string().min(1)]);
export type Position = z.infer<typeof Position>;

export function encodeCursor(position: Position): string {
  const bytes = new TextEncoder().encode(JSON.stringify(position));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function decodeCursor(cursor: string): Position {
  try {
    const binary = atob(cursor.replace(/-/g, "+").replace(/_/g, "/"));
    const parsed = Position.safeParse(JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (ch) => ch.charCodeAt(0)))));
    if (parsed.success) return parsed.data;
  } catch {
    // falls through to the refusal below
  }
  throw new TenantError("INVALID_CURSOR", "The cursor is not one this API gave out; pass nextCursor from the previous page unchanged.");
}
