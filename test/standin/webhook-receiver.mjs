// A local webhook receiver for tests (plain Node ESM), served by the stand-in's
// HTTP server under /__webhooks/. Each test uses its own inbox name, so test
// files sharing the server do not interfere.
//
//   POST /__webhooks/:inbox            a delivery: recorded (headers, raw body), answered 200,
//                                      or the configured failure status
//   POST /__webhooks/:inbox/config     {failFirst?: n, alwaysFail?: bool, status?: 5xx}
//                                      fail the next n deliveries (or all) with `status` (503)
//   GET  /__webhooks/:inbox/received   {received: [{seq, at, headers, rawBody, answered}]}
//
// It checks nothing itself: tests verify signatures from what it recorded.

const ROUTE = /^\/__webhooks\/([^/]+)(?:\/(config|received))?\/?$/;

import { readBody, send } from "./http.mjs";

export const WEBHOOK_RECEIVER_PREFIX = "/__webhooks/";

export function createWebhookReceiver() {
  /** @type {Map<string, {failFirst: number, alwaysFail: boolean, status: number, received: object[]}>} */
  const inboxes = new Map();
  let seq = 0;
  const inbox = (name) => {
    let box = inboxes.get(name);
    if (!box) {
      box = { failFirst: 0, alwaysFail: false, status: 503, received: [] };
      inboxes.set(name, box);
    }
    return box;
  };

  /** Handles a request under /__webhooks/ (the stand-in routes it here). */
  return async function handle(req, res, url) {
    const match = ROUTE.exec(url.pathname);
    if (!match) return send(res, 404, { error: "unknown webhook receiver route" });
    const box = inbox(decodeURIComponent(match[1]));
    const action = match[2];
    if (action === "received" && req.method === "GET") return send(res, 200, { received: box.received });
    const raw = await readBody(req);
    if (action === "config" && req.method === "POST") {
      const body = raw ? JSON.parse(raw) : {};
      if (body.failFirst !== undefined) box.failFirst = Number(body.failFirst);
      if (body.alwaysFail !== undefined) box.alwaysFail = Boolean(body.alwaysFail);
      if (body.status !== undefined) box.status = Number(body.status);
      return send(res, 200, { ok: true });
    }
    if (action || req.method !== "POST") return send(res, 405, { error: "method not allowed" });
    const failing = box.alwaysFail || box.failFirst > 0;
    if (box.failFirst > 0) box.failFirst--;
    const answered = failing ? box.status : 200;
    box.received.push({ seq: ++seq, at: Date.now(), headers: { ...req.headers }, rawBody: raw, answered });
    return send(res, answered, failing ? { error: "receiver down (test)" } : { ok: true });
  };
}
