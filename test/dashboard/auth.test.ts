import { env } from "cloudflare:workers";
import { sign } from "hono/jwt";
import { describe, expect, it } from "vitest";
import { accessConfigOf, safeNext, SESSION_TTL_MS, verifyAccessJwt } from "../../src/dashboard/auth";
import { sha256Hex } from "../../src/runtime/ids";
import { count, csrfOf, httpsPage, OPERATOR, ORIGIN, page, REVIEWER, signIn } from "./support";

describe("dashboard sign-in", () => {
  it("redirects to the sign-in page without a session, keeping where the reviewer was going", async () => {
    for (const path of ["/dashboard", "/dashboard/runs?q=E1002", "/dashboard/agents", "/dashboard/reviews/rev_x"]) {
      const res = await page(path);
      expect(res.status, path).toBe(303);
      expect(res.headers.get("Location")).toBe(`/dashboard/login?next=${encodeURIComponent(path)}`);
    }
    const login = await page("/dashboard/login?next=%2Fdashboard%2Fagents");
    expect(login.status).toBe(200);
    const html = await login.text();
    expect(html).toContain('action="/dashboard/login"');
    expect(html).toContain('value="/dashboard/agents"');
    // An API key alone opens nothing here.
    const withKey = await page("/dashboard", { headers: { Authorization: `Bearer ${REVIEWER}` } });
    expect(withKey.status).toBe(303);
  });

  it("signs a reviewer in with an HttpOnly, SameSite=Strict session cookie whose id is stored only as a hash", async () => {
    const before = Date.now();
    const { cookie, setCookie, csrf } = await signIn(REVIEWER);
    expect(setCookie).toMatch(/^review_session=[A-Za-z0-9_-]{40,};/);
    expect(setCookie).toContain("HttpOnly");
    expect(setCookie).toContain("SameSite=Strict");
    expect(setCookie).toContain("Path=/");
    expect(setCookie).not.toContain("Secure"); // plain http (local): Secure only over https
    const id = cookie.split("=")[1]!;
    const row = await env.DB.prepare("SELECT * FROM sessions WHERE id_hash = ?").bind(await sha256Hex(id)).first<Record<string, unknown>>();
    expect(row).toMatchObject({ tenant_id: "demo", role: "reviewer", csrf_token: csrf, key_id: "key_demo_reviewer" });
    expect(String(row!.principal)).toContain("local reviewer");
    expect(Number(row!.expires_at)).toBeGreaterThanOrEqual(before + SESSION_TTL_MS);
    expect(Number(row!.expires_at)).toBeLessThanOrEqual(Date.now() + SESSION_TTL_MS);
    expect(await count("SELECT COUNT(*) AS n FROM sessions WHERE id_hash = ?", id)).toBe(0); // the raw id is nowhere

    const queue = await page("/dashboard", { cookie });
    expect(queue.status).toBe(200);
    expect(await queue.text()).toContain("Review queue");
    // The sign-in page sends a signed-in person on.
    expect((await page("/dashboard/login", { cookie })).status).toBe(303);
  });

  it("refuses unknown tokens and client keys, and an operator can sign in", async () => {
    const wrong = await page("/dashboard/login", { form: { token: "not-a-token" } });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("Set-Cookie")).toBeNull();
    expect(await wrong.text()).toContain("not recognised");
    const client = await page("/dashboard/login", { form: { token: "dev-local-key" } });
    expect(client.status).toBe(403);
    expect(await client.text()).toContain("reviewer or operator token");
    const op = await signIn(OPERATOR);
    const agents = await page("/dashboard/agents", { cookie: op.cookie });
    expect(await agents.text()).toContain("operator");
  });

  it("uses a Secure __Host- cookie over https", async () => {
    const res = await httpsPage("/dashboard/login", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://runtime.test" },
      body: new URLSearchParams({ token: REVIEWER }).toString(),
    });
    expect(res.status).toBe(303);
    const setCookie = res.headers.get("Set-Cookie") ?? "";
    expect(setCookie).toMatch(/^__Host-review_session=/);
    expect(setCookie).toContain("Secure");
    const cookie = setCookie.split(";")[0]!;
    expect((await httpsPage("/dashboard", { headers: { Cookie: cookie } })).status).toBe(200);
    // The plain-http cookie name is not accepted over https.
    expect((await httpsPage("/dashboard", { headers: { Cookie: cookie.replace("__Host-", "") } })).status).toBe(303);
  });

  it("signs out: the session row is gone and the cookie no longer works", async () => {
    const { cookie, csrf } = await signIn();
    const out = await page("/dashboard/logout", { cookie, form: { csrf } });
    expect(out.status).toBe(303);
    expect(out.headers.get("Location")).toBe("/dashboard/login?signed_out=1");
    expect(out.headers.get("Set-Cookie")).toMatch(/review_session=;.*Max-Age=0/);
    expect((await page("/dashboard", { cookie })).status).toBe(303);
  });

  it("expired sessions do not open pages", async () => {
    const { cookie } = await signIn();
    const id = cookie.split("=")[1]!;
    await env.DB.prepare("UPDATE sessions SET expires_at = ? WHERE id_hash = ?").bind(Date.now() - 1, await sha256Hex(id)).run();
    expect((await page("/dashboard", { cookie })).status).toBe(303);
  });

  it("revoking the key ends its sessions: the next request goes to sign-in, and the token no longer signs in", async () => {
    const token = `revocable-${Date.now()}`;
    const keyId = `key_revocable_${Date.now()}`;
    await env.DB.prepare("INSERT INTO api_keys (id, tenant_id, key_hash, role, label, created_at) VALUES (?, 'demo', ?, 'operator', 'short-lived operator', 1)")
      .bind(keyId, await sha256Hex(token))
      .run();
    const { cookie, csrf } = await signIn(token);
    const idHash = await sha256Hex(cookie.split("=")[1]!);
    expect(await env.DB.prepare("SELECT key_id FROM sessions WHERE id_hash = ?").bind(idHash).first("key_id")).toBe(keyId);
    expect((await page("/dashboard/agents", { cookie })).status).toBe(200);
    // Another session (the demo reviewer's) is not affected by this key.
    const other = await signIn(REVIEWER);

    await env.DB.prepare("UPDATE api_keys SET revoked_at = ? WHERE id = ?").bind(Date.now(), keyId).run();
    const next = await page("/dashboard/agents", { cookie });
    expect(next.status).toBe(303);
    expect(next.headers.get("Location")).toBe(`/dashboard/login?next=${encodeURIComponent("/dashboard/agents")}`);
    expect(await count("SELECT COUNT(*) AS n FROM sessions WHERE id_hash = ?", idHash)).toBe(0); // the session row is gone
    const post = await page("/dashboard/logout", { cookie, form: { csrf } });
    expect(post.status).toBe(303);
    expect(post.headers.get("Location")).toBe("/dashboard/login");
    const again = await page("/dashboard/login", { form: { token } });
    expect(again.status).toBe(401);
    expect((await page("/dashboard", { cookie: other.cookie })).status).toBe(200);
  });

  it("an expired key ends its sessions and no longer signs in, like a revoked one", async () => {
    const token = `expiring-${Date.now()}`;
    const keyId = `key_expiring_${Date.now()}`;
    await env.DB.prepare("INSERT INTO api_keys (id, tenant_id, key_hash, role, label, created_at, expires_at) VALUES (?, 'demo', ?, 'reviewer', 'expiring reviewer', 1, ?)")
      .bind(keyId, await sha256Hex(token), Date.now() + 60_000)
      .run();
    const { cookie } = await signIn(token);
    expect((await page("/dashboard", { cookie })).status).toBe(200);
    await env.DB.prepare("UPDATE api_keys SET expires_at = ? WHERE id = ?").bind(Date.now() - 1, keyId).run();
    expect((await page("/dashboard", { cookie })).status).toBe(303);
    expect((await page("/dashboard/login", { form: { token } })).status).toBe(401);
  });

  it("only redirects to dashboard paths after sign-in", () => {
    expect(safeNext("/dashboard/reviews/rev_1")).toBe("/dashboard/reviews/rev_1");
    for (const bad of ["https://evil.example/", "//evil.example", "/v1/runs", "/dashboard\\@evil", undefined, ""]) expect(safeNext(bad)).toBe("/dashboard");
  });
});

describe("CSRF", () => {
  it("refuses a POST without the session's CSRF token, with a wrong one, or from another origin", async () => {
    const { cookie, csrf } = await signIn();
    const missing = await page("/dashboard/logout", { cookie, form: {} });
    expect(missing.status).toBe(403);
    expect(await missing.text()).toContain("This form has expired");
    const wrong = await page("/dashboard/logout", { cookie, form: { csrf: csrf.replace(/.$/, (c) => (c === "A" ? "B" : "A")) } });
    expect(wrong.status).toBe(403);
    const crossSite = await page("/dashboard/logout", { cookie, form: { csrf }, headers: { Origin: "https://evil.example" } });
    expect(crossSite.status).toBe(403);
    const noOrigin = await page("/dashboard/logout", { cookie, form: { csrf }, headers: { Origin: "" } });
    expect(noOrigin.status).toBe(403);
    // The session survived all of that.
    expect((await page("/dashboard", { cookie })).status).toBe(200);
    const sameSite = await page("/dashboard/logout", { cookie, form: { csrf }, headers: { Origin: ORIGIN } });
    expect(sameSite.status).toBe(303);
  });

  it("the sign-in form itself is origin-checked", async () => {
    const res = await page("/dashboard/login", { form: { token: REVIEWER }, headers: { Origin: "https://evil.example" } });
    expect(res.status).toBe(403);
    expect(res.headers.get("Set-Cookie")).toBeNull();
  });

  it("every form on a page carries the CSRF token", async () => {
    const { cookie, csrf } = await signIn();
    const html = await (await page("/dashboard", { cookie })).text();
    const forms = html.match(/<form[^>]*method="post"[\s\S]*?<\/form>/g) ?? [];
    expect(forms.length).toBeGreaterThan(0);
    for (const form of forms) expect(csrfOf(form)).toBe(csrf);
  });
});

describe("security headers", () => {
  it("every page has a strict CSP (no script, no inline style) and the usual headers", async () => {
    const { cookie } = await signIn();
    for (const path of ["/dashboard/login", "/dashboard", "/dashboard/runs", "/dashboard/agents", "/dashboard/nope"]) {
      const res = await page(path, { cookie: path === "/dashboard/login" ? undefined : cookie });
      expect(res.status, path).toBe(path === "/dashboard/nope" ? 404 : 200);
      const csp = res.headers.get("Content-Security-Policy") ?? "";
      expect(csp, path).toContain("default-src 'none'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).toContain("form-action 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain("unsafe-inline");
      expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
      expect(res.headers.get("Referrer-Policy")).toBe("no-referrer");
      expect(res.headers.get("Cache-Control")).toBe("no-store");
      expect(res.headers.get("Content-Type")).toContain("text/html");
      const html = await res.text();
      expect(html.startsWith("<!doctype html>")).toBe(true);
      expect(html.replace(/<script nonce="[^"]+">[\s\S]*?<\/script>/, "")).not.toMatch(/<script|style="/); // only the keyboard script, with the response's nonce
    }
    const css = await page("/dashboard/assets/style.css");
    expect(css.status).toBe(200);
    expect(css.headers.get("Content-Type")).toContain("text/css");
  });
});

describe("Cloudflare Access", () => {
  const config = { issuer: "https://acme.cloudflareaccess.com", aud: "aud-tag-123" };

  async function keyPair() {
    const pair = (await crypto.subtle.generateKey(
      { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
      true,
      ["sign", "verify"],
    )) as CryptoKeyPair;
    const pub = (await crypto.subtle.exportKey("jwk", pair.publicKey)) as JsonWebKey;
    const priv = (await crypto.subtle.exportKey("jwk", pair.privateKey)) as JsonWebKey;
    // As Access publishes it: kty, n, e, kid, alg, use.
    return { publicJwk: { kty: pub.kty, n: pub.n, e: pub.e, kid: "k1", alg: "RS256", use: "sig" }, privateJwk: { ...priv, kid: "k1", alg: "RS256" } };
  }

  it("is off unless ACCESS_TEAM_DOMAIN, ACCESS_AUD and ACCESS_TENANT_ID are all set", async () => {
    expect(accessConfigOf(env)).toBeNull();
    expect(accessConfigOf({ ...env, ACCESS_TEAM_DOMAIN: "acme.cloudflareaccess.com", ACCESS_AUD: "x" } as Env)).toBeNull();
    expect(accessConfigOf({ ...env, ACCESS_TEAM_DOMAIN: "https://acme.cloudflareaccess.com/", ACCESS_AUD: "x", ACCESS_TENANT_ID: "demo" } as Env)).toEqual({
      issuer: "https://acme.cloudflareaccess.com",
      aud: "x",
      tenantId: "demo",
    });
    // Not configured here: the header is ignored.
    const res = await page("/dashboard", { headers: { "Cf-Access-Jwt-Assertion": "a.b.c" } });
    expect(res.status).toBe(303);
  });

  it("accepts a JWT signed by the team's key for this application, and nothing else", async () => {
    const { publicJwk, privateJwk } = await keyPair();
    const keys = async () => [publicJwk];
    const now = Math.floor(Date.now() / 1000);
    const good = await sign({ email: "ana@acme.example", aud: [config.aud], iss: config.issuer, iat: now, exp: now + 600 }, privateJwk, "RS256");
    expect(await verifyAccessJwt(good, config, keys)).toBe("ana@acme.example");
    const otherAud = await sign({ email: "ana@acme.example", aud: ["other"], iss: config.issuer, iat: now, exp: now + 600 }, privateJwk, "RS256");
    expect(await verifyAccessJwt(otherAud, config, keys)).toBeNull();
    const otherIss = await sign({ email: "ana@acme.example", aud: [config.aud], iss: "https://evil.cloudflareaccess.com", iat: now, exp: now + 600 }, privateJwk, "RS256");
    expect(await verifyAccessJwt(otherIss, config, keys)).toBeNull();
    const expired = await sign({ email: "ana@acme.example", aud: [config.aud], iss: config.issuer, iat: now - 1200, exp: now - 600 }, privateJwk, "RS256");
    expect(await verifyAccessJwt(expired, config, keys)).toBeNull();
    const hs = await sign({ email: "ana@acme.example", aud: [config.aud], iss: config.issuer, exp: now + 600 }, "secret", "HS256");
    expect(await verifyAccessJwt(hs, config, keys)).toBeNull();
    const other = await keyPair();
    const forged = await sign({ email: "ana@acme.example", aud: [config.aud], iss: config.issuer, exp: now + 600 }, other.privateJwk, "RS256");
    expect(await verifyAccessJwt(forged, config, keys)).toBeNull();
    expect(await verifyAccessJwt("garbage", config, keys)).toBeNull();
  });
});
