import type { Hook } from "@hono/zod-openapi";
import { invalidInput } from "./errors";

/** zod-openapi's validation failures become 422 INVALID_INPUT with issue paths. */
export const validationHook: Hook<unknown, any, any, any> = (result) => {
  if (!result.success) throw invalidInput(result.error as never);
};
