/** The dashboard's own security headers reach the browser (the API's defaults do not overwrite them). */
import { describe, expect, it } from "vitest";
import { call } from "../support/http";

describe("security headers", () => {
  it("sends the dashboard's X-Frame-Options: DENY and its CSP", async () => {
    const res = await call("/dashboard/login", { key: null });
    expect(res.status).toBe(200);
    expect(res.headers.get("X-Frame-Options")).toBe("DENY");
    expect(res.headers.get("Content-Security-Policy")).toContain("frame-ancestors 'none'");
  });

  it("still sends the default headers on the API", async () => {
    const res = await call("/healthz", { key: null });
    expect(res.headers.get("X-Frame-Options")).toBe("SAMEORIGIN");
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
  });
});
