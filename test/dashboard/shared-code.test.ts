/// <reference types="vite/client" />
/**
 * Issue 11, item 10: the shared dashboard holds no agent's code or words. It
 * reaches agents only through the registry and their `reviewView`, so a new
 * agent needs no dashboard change and the expense agent's fields never leak
 * into another agent's pages.
 */
import { describe, expect, it } from "vitest";

const dashboard = import.meta.glob(["../../src/dashboard/**/*.ts", "../../src/dashboard/**/*.tsx"], { query: "?raw", import: "default", eager: true }) as Record<string, string>;
const importsOf = (source: string) => [...source.matchAll(/\bfrom\s+"([^"]+)"/g)].map((m) => m[1]!);

describe("the shared dashboard (item 10)", () => {
  it("imports no agent's module (only the registry) and names none of the expense agent's fields", () => {
    expect(Object.keys(dashboard).length).toBeGreaterThan(5);
    for (const [file, source] of Object.entries(dashboard)) {
      for (const spec of importsOf(source)) {
        if (spec.includes("/agents/")) expect(spec, file).toMatch(/\/agents\/registry$/);
      }
      expect(source, file).not.toMatch(/\b(reportId|employeeId|employeeName|claimedCents)\b/);
    }
  });
});
