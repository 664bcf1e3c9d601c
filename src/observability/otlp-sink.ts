/**
 * Delivers the trace lane of a run's outbox: every pending entry (a step
 * attempt's compact record, built into its spans here, or spans) in one
 * OTLP/HTTP JSON request (`ExportTraceServiceRequest`) to the collector. A
 * non-2xx answer, a timeout or a network error throws, so the outbox keeps the
 * entries and retries with backoff; a collector that is down delays spans but
 * never loses them. A partial success (`rejectedSpans`) is final: resending
 * spans the collector refused as invalid would not make them valid.
 *
 * Headers come from `OTEL_EXPORTER_OTLP_HEADERS` (a secret): never logged,
 * never in an error message.
 */
import type { HistorySink, OutboxEntry } from "../runtime/outbox";
import { otlpHeaders, tracesUrl, type OtlpEnv } from "./otlp-config";
import type { OtlpSpan } from "./spans";
import { toAttributes } from "./spans";
import { isStepTraceRecord, spansOfStepRecord } from "./trace-records";

export const SERVICE_NAME = "agent-runtime";
export const SCOPE = { name: "agent-runtime/runs", version: "1" } as const;
const TIMEOUT_MS = 10_000;

/** The OTLP/JSON body for a set of spans. */
export function exportRequest(spans: OtlpSpan[]) {
  return {
    resourceSpans: [
      {
        resource: { attributes: toAttributes({ "service.name": SERVICE_NAME, "telemetry.sdk.language": "webjs", "telemetry.sdk.name": "agent-runtime" }) },
        scopeSpans: [{ scope: SCOPE, spans }],
      },
    ],
  };
}

/** A step attempt's record becomes its spans here, off the step's path; run and review entries (and entries written before records) are spans already. */
const spansOf = (entry: OutboxEntry): OtlpSpan[] => (isStepTraceRecord(entry.payload) ? spansOfStepRecord(entry.payload) : (entry.payload as OtlpSpan[]));

export class OtlpSink implements HistorySink {
  constructor(
    private readonly env: OtlpEnv,
    private readonly fetcher: typeof fetch = (input, init) => fetch(input, init),
  ) {}

  async deliver(entries: OutboxEntry[]): Promise<void> {
    const url = tracesUrl(this.env);
    // Tracing was turned off after these spans were written: they have nowhere to go.
    if (!url || entries.length === 0) return;
    const spans = entries.flatMap(spansOf);
    let res: Response;
    try {
      res = await this.fetcher(url, {
        method: "POST",
        headers: { ...otlpHeaders(this.env), "content-type": "application/json" },
        body: JSON.stringify(exportRequest(spans)),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      const name = error instanceof Error ? error.name : "";
      throw new Error(name === "TimeoutError" ? `OTLP collector gave no answer within ${TIMEOUT_MS / 1000} s` : "OTLP collector unreachable");
    }
    await res.body?.cancel().catch(() => undefined);
    if (!res.ok) throw new Error(`OTLP collector answered HTTP ${res.status}`);
  }
}
