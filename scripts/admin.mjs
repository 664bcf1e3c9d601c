// `npm run admin -- <command>`: the platform-admin API (/v1/admin) from a shell,
// for local use. It talks to a running service (`npm run dev`) and prints what
// the API returns; keys are printed once, as the API shows them once.
//
//   npm run admin -- tenants create --name acme [--demo-data]
//   npm run admin -- tenants list [--limit N] [--cursor C]
//   npm run admin -- tenants show <tenantId>
//   npm run admin -- keys create --tenant <tenantId> --role client|reviewer|operator --label L [--expires-at ISO]
//   npm run admin -- keys list --tenant <tenantId>
//   npm run admin -- keys revoke --tenant <tenantId> --key <keyId>
//
// Options: --url URL (default $RUNTIME_URL or http://127.0.0.1:8787), --json
// (print the API's JSON as is). The token is $ADMIN_TOKEN, or `dev-admin-token`
// (what `npm run dev` configures). Exit 1 on any refusal, with its code.
import { parseArgs } from "node:util";

const USAGE = `usage: npm run admin -- <tenants create|tenants list|tenants show|keys create|keys list|keys revoke> [options]
  tenants create --name NAME [--demo-data]
  tenants list [--limit N] [--cursor CURSOR]
  tenants show TENANT_ID
  keys create --tenant TENANT_ID --role client|reviewer|operator --label LABEL [--expires-at 2027-01-01T00:00:00Z]
  keys list --tenant TENANT_ID
  keys revoke --tenant TENANT_ID --key KEY_ID
options: --url URL (default $RUNTIME_URL or http://127.0.0.1:8787), --json`;

function fail(message) {
  console.error(`admin: ${message}`);
  process.exit(1);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      name: { type: "string" },
      "demo-data": { type: "boolean", default: false },
      limit: { type: "string" },
      cursor: { type: "string" },
      tenant: { type: "string" },
      role: { type: "string" },
      label: { type: "string" },
      "expires-at": { type: "string" },
      key: { type: "string" },
      url: { type: "string" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
} catch (err) {
  fail(`${err.message}\n${USAGE}`);
}
const { values: opts, positionals } = parsed;
if (opts.help || positionals.length < 2) {
  console.log(USAGE);
  process.exit(opts.help ? 0 : 1);
}

const base = (opts.url ?? process.env.RUNTIME_URL ?? "http://127.0.0.1:8787").replace(/\/+$/, "");
const token = process.env.ADMIN_TOKEN || "dev-admin-token";

const need = (name) => opts[name] ?? fail(`--${name} is required.\n${USAGE}`);

async function api(method, path, body) {
  let res;
  try {
    res = await fetch(`${base}/v1/admin${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body ? { "Content-Type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(30_000),
    });
  } catch (err) {
    fail(`no service answers at ${base} (${err.cause?.code ?? err.message}). Start it with \`npm run dev\`, or pass --url.`);
  }
  const text = await res.text();
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    fail(`${base} answered ${res.status} with something that is not JSON; is it this service?`);
  }
  if (!res.ok) {
    if (opts.json) console.log(JSON.stringify(data, null, 2));
    const hint = res.status === 401 ? " (set ADMIN_TOKEN to the service's admin token)" : "";
    fail(`${res.status} ${data?.error?.code ?? "ERROR"}: ${data?.error?.message ?? text}${hint}`);
  }
  return data;
}

const table = (rows, columns) => {
  if (rows.length === 0) return "(none)";
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? "-").length)));
  const line = (cells) => cells.map((v, i) => String(v ?? "-").padEnd(widths[i])).join("  ");
  return [line(columns), ...rows.map((r) => line(columns.map((c) => r[c])))].join("\n");
};

const printKeys = (keys) => {
  for (const [role, key] of Object.entries(keys)) console.log(`  ${role.padEnd(9)} ${key}`);
  console.log("Store these keys now: they are not shown again (the service keeps only their SHA-256 digests).");
};

const commands = {
  "tenants create": async () => {
    const t = await api("POST", "/tenants", { name: need("name"), demoData: opts["demo-data"] });
    if (opts.json) return console.log(JSON.stringify(t, null, 2));
    console.log(`Created tenant ${t.tenantId} (${t.name})${t.demoData ? " with demo data and the demo stages" : ", every agent in shadow"}.`);
    printKeys(t.keys);
  },
  "tenants list": async () => {
    const query = new URLSearchParams();
    if (opts.limit) query.set("limit", opts.limit);
    if (opts.cursor) query.set("cursor", opts.cursor);
    const qs = query.toString();
    const page = await api("GET", `/tenants${qs ? `?${qs}` : ""}`);
    if (opts.json) return console.log(JSON.stringify(page, null, 2));
    console.log(table(page.items, ["tenantId", "name", "createdAt"]));
    if (page.nextCursor) console.log(`more: npm run admin -- tenants list --cursor ${page.nextCursor}`);
  },
  "tenants show": async () => {
    const id = positionals[2] ?? opts.tenant ?? fail(`name the tenant.\n${USAGE}`);
    const t = await api("GET", `/tenants/${encodeURIComponent(id)}`);
    if (opts.json) return console.log(JSON.stringify(t, null, 2));
    console.log(`${t.tenantId} (${t.name}), created ${t.createdAt}, ${t.activeKeys} active keys`);
    const stages = Object.entries(t.stages);
    console.log(stages.length ? stages.map(([a, s]) => `  ${a}: ${s}`).join("\n") : "  every agent in shadow");
  },
  "keys create": async () => {
    const body = { role: need("role"), label: need("label"), ...(opts["expires-at"] ? { expiresAt: opts["expires-at"] } : {}) };
    const k = await api("POST", `/tenants/${encodeURIComponent(need("tenant"))}/keys`, body);
    if (opts.json) return console.log(JSON.stringify(k, null, 2));
    console.log(`Created ${k.role} key ${k.keyId} (${k.label})${k.expiresAt ? `, expires ${k.expiresAt}` : ""}:`);
    printKeys({ [k.role]: k.key });
  },
  "keys list": async () => {
    const { items } = await api("GET", `/tenants/${encodeURIComponent(need("tenant"))}/keys`);
    if (opts.json) return console.log(JSON.stringify({ items }, null, 2));
    console.log(table(items, ["keyId", "role", "label", "prefix", "createdAt", "lastUsedAt", "expiresAt", "revokedAt"]));
  },
  "keys revoke": async () => {
    const k = await api("DELETE", `/tenants/${encodeURIComponent(need("tenant"))}/keys/${encodeURIComponent(need("key"))}`);
    if (opts.json) return console.log(JSON.stringify(k, null, 2));
    console.log(`Revoked ${k.keyId} (${k.role}, ${k.label}) at ${k.revokedAt}: it is refused from the next request on.`);
  },
};

const command = commands[`${positionals[0]} ${positionals[1]}`];
if (!command) fail(`unknown command "${positionals.slice(0, 2).join(" ")}".\n${USAGE}`);
await command();
