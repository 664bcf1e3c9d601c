// Small helpers shared by the scripts that start `wrangler dev` (dev, bench, eval, e2e, reset).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";

/** A free TCP port on loopback. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** The last lines of a log file ("" when it cannot be read). */
export function tail(file, lines = 30) {
  try {
    return fs.readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Stops a whole process group (npx, wrangler, workerd, esbuild): SIGTERM, up to
 * 5 s to exit, then SIGKILL and up to 2 s more. Resolves once it is gone (or gave up).
 */
export async function stopProcessGroup(pgid) {
  try {
    process.kill(-pgid, "SIGTERM");
  } catch {
    return; // already gone
  }
  for (let i = 0; i < 50 && groupAlive(pgid); i++) await sleep(100);
  if (!groupAlive(pgid)) return;
  try {
    process.kill(-pgid, "SIGKILL");
  } catch {
    return;
  }
  for (let i = 0; i < 20 && groupAlive(pgid); i++) await sleep(100);
}

/** pid -> child pids, from `ps` (Linux and macOS). */
function childrenMap() {
  const out = spawnSync("ps", ["-A", "-o", "pid=,ppid="], { encoding: "utf8" }).stdout ?? "";
  const children = new Map();
  for (const line of out.split("\n")) {
    const [pid, ppid] = line.trim().split(/\s+/).map(Number);
    if (!pid || ppid === undefined) continue;
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(pid);
  }
  return children;
}

/** Every process below `pid` (children, grandchildren, ...), not `pid` itself. */
export function descendants(pid, children = childrenMap()) {
  const found = [];
  const queue = [pid];
  while (queue.length) {
    for (const child of children.get(queue.shift()) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

export function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const signal = (pid, sig) => {
  try {
    process.kill(pid, sig);
  } catch {
    /* already gone */
  }
};

/**
 * Stops `pid` and everything below it (npx -> wrangler -> workerd, esbuild),
 * for a child that shares our process group (so a terminal's Ctrl-C still
 * reaches wrangler). The tree is listed before signalling, because a process
 * whose parent dies is re-parented and can no longer be found from it.
 * SIGTERM, up to `graceMs` to exit, then SIGKILL and up to 2 s more.
 */
export async function stopProcessTree(pid, { graceMs = 5_000 } = {}) {
  const tracked = new Set([pid, ...descendants(pid)]);
  for (const p of tracked) signal(p, "SIGTERM");
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (![...tracked].some(alive)) return;
    // Anything spawned meanwhile (a restarting workerd) is stopped too.
    const children = childrenMap();
    for (const p of [...tracked]) {
      for (const d of descendants(p, children)) {
        if (tracked.has(d)) continue;
        tracked.add(d);
        signal(d, "SIGTERM");
      }
    }
    await sleep(100);
  }
  for (const p of tracked) if (alive(p)) signal(p, "SIGKILL");
  for (let i = 0; i < 20 && [...tracked].some(alive); i++) await sleep(100);
}
