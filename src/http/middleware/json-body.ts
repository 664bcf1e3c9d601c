/**
 * Guards every JSON body before validation: the right content type (415),
 * at most MAX_BODY_BYTES (413), and parseable JSON (400 INVALID_JSON).
 */
import { bodyLimit } from "hono/body-limit";
import { createMiddleware } from "hono/factory";
import { every } from "hono/combine";
import { ApiError } from "../../runtime/errors";
import type { AppEnv } from "../types";
import { answers } from "./statuses";

export const MAX_BODY_BYTES = 256 * 1024;
const JSON_TYPE = /^application\/([a-z0-9.+-]+\+)?json\s*(;|$)/i;

const contentType = createMiddleware<AppEnv>(async (c, next) => {
  const type = c.req.header("Content-Type") ?? "";
  if (!JSON_TYPE.test(type)) {
    throw new ApiError(415, "UNSUPPORTED_MEDIA_TYPE", "Send the body as JSON with 'Content-Type: application/json'.");
  }
  await next();
});

const limit = bodyLimit({
  maxSize: MAX_BODY_BYTES,
  onError: () => {
    throw new ApiError(413, "PAYLOAD_TOO_LARGE", `The body is larger than ${MAX_BODY_BYTES / 1024} KiB.`);
  },
});

const parse = createMiddleware<AppEnv>(async (c, next) => {
  try {
    await c.req.json(); // cached by Hono for the validator that follows
  } catch {
    throw new ApiError(400, "INVALID_JSON", "The body is not valid JSON.");
  }
  await next();
});

export const jsonBody = answers(every(contentType, limit, parse), 400, 413, 415);
