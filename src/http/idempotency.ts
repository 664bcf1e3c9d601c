/**
 * The 409s for a task that reached an existing run with a different body.
 * Both keep the protection (one task, one run, never acted on twice); they
 * differ in what the client sent, so the message names the right thing:
 * - DUPLICATE_TASK: the agent's natural key (e.g. a report id) matched; the
 *   agent supplies the words for it (`describeIdempotencyKey`).
 * - IDEMPOTENCY_CONFLICT: the client's own `Idempotency-Key` header matched.
 */
import { ApiError } from "../runtime/errors";

export type KeySource = { kind: "natural"; label: string } | { kind: "header" };

export function submissionConflict(source: KeySource, runId: string): ApiError {
  const links = { run: `/v1/runs/${runId}` };
  if (source.kind === "natural") {
    const label = source.label.charAt(0).toUpperCase() + source.label.slice(1);
    return new ApiError(
      409,
      "DUPLICATE_TASK",
      `${label} was already submitted with different content (run ${runId}). The same task is never run twice; check that run, or submit the corrected task under a new identifier.`,
      { runId, task: source.label, links },
    );
  }
  return new ApiError(409, "IDEMPOTENCY_CONFLICT", "This Idempotency-Key was already used with a different body.", { runId, links });
}
