/**
 * Errors are values with a code. `retryable` says whether trying the same
 * thing again can help (like Workflows' NonRetryableError, inverted): the run
 * engine retries only retryable step failures, with backoff.
 */
export class RuntimeError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly options: { retryable?: boolean; status?: number; details?: unknown; retryAfterMs?: number } = {},
  ) {
    super(message);
    this.name = "RuntimeError";
  }
  get retryable(): boolean {
    return this.options.retryable ?? false;
  }
  get status(): number {
    return this.options.status ?? 500;
  }
  get details(): unknown {
    return this.options.details;
  }
}

/** A client error answered as `{ error: { code, message, details } }` with a 4xx status. */
export class ApiError extends RuntimeError {
  constructor(status: number, code: string, message: string, details?: unknown, retryAfterMs?: number) {
    super(code, message, { status, details, retryable: false, retryAfterMs });
    this.name = "ApiError";
  }
}

/** A step failure that no retry can fix. */
export class NonRetryableError extends RuntimeError {
  constructor(code: string, message: string, details?: unknown) {
    super(code, message, { retryable: false, details });
    this.name = "NonRetryableError";
  }
}

/** Anything thrown, as a JSON-safe record for the journal. Never includes stacks or secrets. */
export interface ErrorRecord {
  code: string;
  message: string;
  retryable: boolean;
  retryAfterMs?: number;
}

export function toErrorRecord(error: unknown): ErrorRecord {
  if (error instanceof RuntimeError) {
    return { code: error.code, message: error.message, retryable: error.retryable, retryAfterMs: error.options.retryAfterMs };
  }
  // Typed errors from other layers (model, tools) carry code/retryable fields.
  if (error && typeof error === "object" && "code" in error && typeof (error as { code: unknown }).code === "string") {
    const e = error as { code: string; message?: string; retryable?: boolean; retryAfterMs?: number };
    return { code: e.code, message: String(e.message ?? e.code), retryable: Boolean(e.retryable), retryAfterMs: e.retryAfterMs };
  }
  // Unknown errors are treated as transient: a bug or a platform hiccup; retries are bounded.
  return { code: "STEP_ERROR", message: error instanceof Error ? error.message : String(error), retryable: true };
}
