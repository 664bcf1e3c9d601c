/// <reference types="vite/client" />
/**
 * The README covers what a new user can reach: every HTTP route (the API, the
 * root and the dashboard's pages), every npm script, and every environment
 * variable (wrangler vars, the variables and secrets the code reads, and what
 * the scripts read from the shell). Derived from the code, so a new route,
 * script or variable without a README line fails here.
 */
import { describe, expect, it } from "vitest";
import readme from "../../README.md?raw";
import pkg from "../../package.json";
import wranglerToml from "../../wrangler.toml?raw";
import { dashboardApp } from "../../src/dashboard/app";
import { createApp } from "../../src/http/app";

const sources = import.meta.glob(["../../src/**/*.ts", "../../src/**/*.tsx"], { query: "?raw", import: "default", eager: true }) as Record<string, string>;
const scripts = import.meta.glob(["../../scripts/*.mjs", "../../scripts/lib/*.mjs"], { query: "?raw", import: "default", eager: true }) as Record<string, string>;

const toDocPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, "{$1}");

/** wrangler.toml binding names (not variables). */
function bindings(): Set<string> {
  return new Set([...wranglerToml.matchAll(/^\s*(?:binding|name)\s*=\s*"([A-Z][A-Z0-9_]*)"/gm)].map((m) => m[1]!));
}

function environmentVariables(): string[] {
  const names = new Set<string>();
  // Keys of [vars] and [env.*.vars].
  let inVars = false;
  for (const line of wranglerToml.split("\n")) {
    if (/^\s*\[/.test(line)) inVars = /^\s*\[(env\.[A-Za-z0-9_-]+\.)?vars\]\s*$/.test(line);
    const key = inVars ? /^\s*([A-Z][A-Z0-9_]*)\s*=/.exec(line) : null;
    if (key) names.add(key[1]!);
  }
  // Variables and secrets the Worker reads (typed reads, readVar/requireVar, and `vars.X` / `env.X`).
  const skip = bindings();
  for (const text of Object.values(sources)) {
    for (const m of text.matchAll(/(?:readVar|requireVar)\(\s*env,\s*"([A-Z][A-Z0-9_]*)"/g)) names.add(m[1]!);
    for (const m of text.matchAll(/\b(?:env|vars)\??\.([A-Z][A-Z0-9_]{2,})\b/g)) if (!skip.has(m[1]!)) names.add(m[1]!);
  }
  // What the scripts read from the shell.
  for (const text of Object.values(scripts)) for (const m of text.matchAll(/process\.env\.([A-Z][A-Z0-9_]*)/g)) names.add(m[1]!);
  return [...names].sort();
}

describe("README", () => {
  it("lists every API and root route as METHOD /path", () => {
    const routes = new Set<string>();
    for (const r of createApp().routes) {
      if (r.method === "ALL" || r.path.startsWith("/dashboard")) continue;
      routes.add(`${r.method} ${toDocPath(r.path)}`);
    }
    expect(routes.size).toBeGreaterThan(15);
    expect([...routes].filter((r) => !readme.includes(`\`${r}`))).toEqual([]);
  });

  it("names every dashboard page", () => {
    const pages = new Set<string>();
    for (const r of dashboardApp.routes) if (r.method === "GET" && !r.path.includes("assets")) pages.add(`/dashboard${toDocPath(r.path)}`.replace(/\/$/, ""));
    expect(pages.size).toBeGreaterThan(3);
    expect([...pages].filter((p) => !readme.includes(p))).toEqual([]);
  });

  it("shows every npm script", () => {
    const missing = Object.keys(pkg.scripts).filter((name) => !readme.includes(name === "test" ? "npm test" : `npm run ${name}`) && !readme.includes(`npm run -s ${name}`));
    expect(missing).toEqual([]);
  });

  it("mentions every environment variable", () => {
    const names = environmentVariables();
    expect(names).toEqual(expect.arrayContaining(["MODEL_PROVIDER", "PORT", "AI_GATEWAY_TOKEN"]));
    expect(names.filter((n) => !new RegExp(`\\b${n}\\b`).test(readme))).toEqual([]);
  });

  it("has a Local state section with the reset command", () => {
    expect(readme).toMatch(/^## Local state$/m);
    expect(readme).toContain("npm run reset");
  });
});
