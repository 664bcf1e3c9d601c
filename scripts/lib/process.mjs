// Small helpers shared by the scripts that start their own `wrangler dev` (bench, eval, e2e).
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
