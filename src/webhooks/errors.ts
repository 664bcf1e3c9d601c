/** Refusals of the webhooks module, as coded values; the HTTP layer picks the status. */
export type WebhookErrorCode = "WEBHOOK_NOT_FOUND" | "WEBHOOK_URL_NOT_ALLOWED" | "WEBHOOK_LIMIT_REACHED";

export class WebhookError extends Error {
  constructor(
    readonly code: WebhookErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "WebhookError";
  }
}
