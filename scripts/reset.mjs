// `npm run reset`: forget all local state, so the next `npm run dev` starts as
// new: D1 migrated and seeded again (tenant `demo`, its keys, and the seeded
// stages: expense-reports supervised, echo-steps full), no runs, no Durable
// Object storage, no queued messages.
//
// It deletes wrangler's local state directory (.wrangler/state, or the one
// given with --persist-to <dir>) and refuses while something answers on
// 127.0.0.1:$PORT (default 8787): stop `npm run dev` first.
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");
const args = process.argv.slice(2);
const at = args.indexOf("--persist-to");
const state = path.resolve(ROOT, at >= 0 && args[at + 1] ? args[at + 1] : ".wrangler/state");
const port = Number(process.env.PORT ?? "8787");

const listening = (p) =>
  new Promise((resolve) => {
    const socket = net.connect({ port: p, host: "127.0.0.1" });
    socket.setTimeout(1000);
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("timeout", () => (socket.destroy(), resolve(false)));
    socket.once("error", () => resolve(false));
  });

if (await listening(port)) {
  console.error(`reset: something is listening on 127.0.0.1:${port} (is \`npm run dev\` running?). Stop it first, then run \`npm run reset\` again.`);
  process.exit(1);
}
// Only ever a directory under the repo: a typo must not delete anything else.
if (!state.startsWith(ROOT + path.sep)) {
  console.error(`reset: ${state} is outside the repository; refusing to delete it.`);
  process.exit(1);
}
if (!fs.existsSync(state)) {
  console.log(`reset: ${path.relative(ROOT, state)} does not exist; nothing to reset.`);
  process.exit(0);
}
fs.rmSync(state, { recursive: true, force: true });
console.log(`reset: removed ${path.relative(ROOT, state)} (local D1, Durable Objects, queues). \`npm run dev\` migrates and seeds it again.`);
