import { describe, expect, it } from "vitest";
import { call } from "../support/http";

describe("health and docs", () => {
  it("answers /healthz without auth", async () => {
    const res = await call("/healthz", { key: null });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it("serves an OpenAPI 3.1 document generated from the schemas", async () => {
    const res = await call("/openapi.json", { key: null });
    expect(res.status).toBe(200);
    const doc = (await res.json()) as any;
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/v1/agents", "/v1/agents/{agent}/runs", "/v1/runs/{runId}", "/v1/runs/{runId}/steps", "/v1/runs/{runId}/cancel"]),
    );
  });
});
