/**
 * Errors of the embedded model. None is retryable: the same request fails the
 * same way every time (the model is local and deterministic).
 */
export type EmbeddedModelErrorCode = "MODEL_NOT_FOUND" | "INVALID_REQUEST";

export class EmbeddedModelError extends Error {
  override readonly name = "EmbeddedModelError";
  readonly code: EmbeddedModelErrorCode;
  readonly retryable = false;

  constructor(code: EmbeddedModelErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
