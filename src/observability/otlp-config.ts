/**
 * Tracing configuration from the environment, with the standard OpenTelemetry
 * names: `OTEL_EXPORTER_OTLP_ENDPOINT` (the collector's base URL; `/v1/traces`
 * is appended unless already there), `OTEL_EXPORTER_OTLP_HEADERS` (a secret:
 * `k=v,k2=v2`, values URL-encoded) and `OTEL_TRACES_SAMPLER_ARG` (the ratio of
 * runs without a sampled `traceparent` that are traced, default 1). No endpoint:
 * tracing is off and costs nothing.
 */

export interface OtlpEnv {
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;
  /** Secret: may carry an API key. Never logged. */
  OTEL_EXPORTER_OTLP_HEADERS?: string;
  OTEL_TRACES_SAMPLER_ARG?: string;
}

// Optional vars and a secret, so not in the generated wrangler types: declared here, where they are read.
declare global {
  interface Env extends OtlpEnv {}
}

export const TRACES_PATH = "/v1/traces";

const set = (v: string | undefined): string | undefined => {
  const t = v?.trim();
  return t && !t.startsWith("replace-with-") ? t : undefined;
};

/** Where spans go, or null when tracing is off. */
export function tracesUrl(env: OtlpEnv): string | null {
  const base = set(env.OTEL_EXPORTER_OTLP_ENDPOINT);
  if (!base) return null;
  const trimmed = base.replace(/\/+$/, "");
  return trimmed.endsWith(TRACES_PATH) ? trimmed : `${trimmed}${TRACES_PATH}`;
}

export function tracingEnabled(env: OtlpEnv): boolean {
  return tracesUrl(env) !== null;
}

/** `k=v,k2=v2` (the OpenTelemetry exporter format); malformed pairs are skipped. */
export function otlpHeaders(env: OtlpEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of (set(env.OTEL_EXPORTER_OTLP_HEADERS) ?? "").split(",")) {
    const at = pair.indexOf("=");
    if (at <= 0) continue;
    const key = pair.slice(0, at).trim().toLowerCase();
    const raw = pair.slice(at + 1).trim();
    let value = raw;
    try {
      value = decodeURIComponent(raw);
    } catch {
      // Not URL-encoded after all: sent as written.
    }
    if (key) out[key] = value;
  }
  return out;
}

/** The default sampling ratio in [0, 1]; anything unreadable is 1 (trace everything). */
export function samplerRatio(env: OtlpEnv): number {
  const raw = set(env.OTEL_TRACES_SAMPLER_ARG);
  if (raw === undefined) return 1;
  const n = Number(raw);
  return Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 1;
}
