/**
 * One place turns anything thrown into `{ error: { code, message, details } }`.
 * Client mistakes are typed ApiErrors with a 4xx; only our own bugs are 500.
 */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { z } from "zod";
import { ApiError } from "../runtime/errors";

export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});

export function errorResponse(c: Context, status: number, code: string, message: string, details?: unknown, headers?: Record<string, string>) {
  const body = { error: { code, message, ...(details === undefined ? {} : { details }) } };
  return c.json(body, status as ContentfulStatusCode, headers);
}

/** zod issues as machine-readable details, with paths prefixed (e.g. ["input", "items", 0]). */
export function zodDetails(error: z.ZodError, prefix: (string | number)[] = []) {
  return {
    issues: error.issues.map((i) => ({ path: [...prefix, ...i.path.map((p) => (typeof p === "symbol" ? String(p) : p))], code: i.code, message: i.message })),
  };
}

export function invalidInput(error: z.ZodError, prefix: (string | number)[] = []): ApiError {
  return new ApiError(422, "INVALID_INPUT", "The request does not match the schema; see details.issues for each problem and its path.", zodDetails(error, prefix));
}

const STATUS_CODES: Record<number, string> = {
  400: "BAD_REQUEST",
  401: "UNAUTHENTICATED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  405: "METHOD_NOT_ALLOWED",
  413: "PAYLOAD_TOO_LARGE",
  415: "UNSUPPORTED_MEDIA_TYPE",
  429: "RATE_LIMITED",
};

export function handleError(err: Error, c: Context) {
  if (err instanceof ApiError) {
    const headers = err.options.retryAfterMs ? { "Retry-After": String(Math.ceil(err.options.retryAfterMs / 1000)) } : undefined;
    return errorResponse(c, err.status, err.code, err.message, err.details, headers);
  }
  if (err instanceof HTTPException && err.status < 500) {
    return errorResponse(c, err.status, STATUS_CODES[err.status] ?? "BAD_REQUEST", err.message || "The request could not be processed.");
  }
  console.error(JSON.stringify({ level: "error", msg: "unhandled", path: c.req.path, error: err instanceof Error ? err.message : String(err) }));
  return errorResponse(c, 500, "INTERNAL", "Something went wrong on our side; the request was not applied. Try again.");
}
