/** Refusals of the tenant and key directory, as codes; the HTTP layer picks the status. */
import { RuntimeError } from "../runtime/errors";

export const TENANT_ERROR_CODES = ["TENANT_NOT_FOUND", "KEY_NOT_FOUND", "INVALID_CURSOR", "EXPIRY_NOT_IN_FUTURE"] as const;
export type TenantErrorCode = (typeof TENANT_ERROR_CODES)[number];

export class TenantError extends RuntimeError {
  constructor(
    override readonly code: TenantErrorCode,
    message: string,
    details?: unknown,
  ) {
    super(code, message, { retryable: false, details });
    this.name = "TenantError";
  }
}
