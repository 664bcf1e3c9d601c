/// <reference types="vite/client" />
/**
 * Issue 13: no import cycle among `src/`. Runtime, guardrails and deployment
 * once formed one (six files, all to reach the run object's client); the
 * clients now live in modules that import nothing at run time. Type-only
 * imports are erased by the compiler, so they cannot form a cycle and are skipped.
 */
import { describe, expect, it } from "vitest";
import { findCycles, importGraph } from "./import-graph";

const sources = import.meta.glob(["../../src/**/*.ts", "../../src/**/*.tsx", "!../../src/**/*.d.ts"], { query: "?raw", import: "default", eager: true }) as Record<string, string>;

describe("src/ imports (issue 13)", () => {
  it("form no cycle", () => {
    const graph = importGraph(sources);
    expect(graph.size).toBeGreaterThan(100);
    expect(findCycles(graph)).toEqual([]);
  });

  it("the checker finds a cycle when there is one", () => {
    const graph = importGraph({
      "../../src/a.ts": 'import { b } from "./b";',
      "../../src/b.ts": 'import { c } from "./dir/c";\nimport type { A } from "./a";',
      "../../src/dir/c.ts": 'export { a } from "../a";',
      "../../src/d.ts": 'import type { A } from "./a";',
    });
    expect(findCycles(graph)).toEqual([["../../src/a.ts", "../../src/b.ts", "../../src/dir/c.ts"]]);
  });
});
