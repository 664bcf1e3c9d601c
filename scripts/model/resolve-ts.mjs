// Module hooks that let Node 22 (which strips TypeScript types natively) run
// the Worker's model code from scripts: extensionless relative imports from
// .ts files resolve to the `.ts` file (`import ... from "./features"`), and
// `.json` imports load without import attributes, as the bundler allows.
export async function resolve(specifier, context, nextResolve) {
  const relative = specifier.startsWith("./") || specifier.startsWith("../");
  const fromTypeScript = context.parentURL?.endsWith(".ts") ?? false;
  if (relative && fromTypeScript && !/\.[a-z]+$/i.test(specifier)) {
    return nextResolve(`${specifier}.ts`, context);
  }
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (url.startsWith("file:") && url.endsWith(".json") && context.importAttributes?.type !== "json") {
    const { readFile } = await import("node:fs/promises");
    const source = await readFile(new URL(url), "utf8");
    return { format: "module", source: `export default ${source};`, shortCircuit: true };
  }
  return nextLoad(url, context);
}
