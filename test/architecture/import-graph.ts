/** A small import-graph checker: run-time imports between the given files, and the cycles among them (Tarjan's SCCs). */

const RUNTIME_IMPORT = /^\s*(?:import|export)\s+(?!type\b)[^;"']*?\bfrom\s+["']([^"']+)["']|^\s*import\s+["']([^"']+)["']/gm;

function join(dir: string, spec: string): string {
  const parts = dir.split("/");
  for (const piece of spec.split("/")) {
    if (piece === "..") parts.pop();
    else if (piece !== ".") parts.push(piece);
  }
  return parts.join("/");
}

/** Edges from each file to the files it imports at run time (relative imports only; `import type` is erased). */
export function importGraph(sources: Record<string, string>): Map<string, string[]> {
  const files = new Set(Object.keys(sources));
  const resolve = (from: string, spec: string) => {
    const base = join(from.slice(0, from.lastIndexOf("/")), spec);
    return [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`].find((f) => files.has(f));
  };
  const graph = new Map<string, string[]>();
  for (const [file, source] of Object.entries(sources)) {
    const deps = new Set<string>();
    for (const m of source.matchAll(RUNTIME_IMPORT)) {
      const spec = (m[1] ?? m[2])!;
      if (!spec.startsWith(".")) continue;
      const target = resolve(file, spec);
      if (target) deps.add(target);
    }
    graph.set(file, [...deps]);
  }
  return graph;
}

/** Every group of files that import each other (directly or through others), each sorted; empty = acyclic. */
export function findCycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(group.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return cycles.sort((a, b) => a[0]!.localeCompare(b[0]!));
}
