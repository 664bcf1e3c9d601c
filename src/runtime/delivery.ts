/**
 * Where the run outbox delivers: history rows, and the review item of a run
 * that waits for a person, to D1 in one batch; then escalation messages to
 * the `escalations` queue. The queue comes second and is not trusted with the
 * item: a queue can accept a message and still lose it (a runtime killed
 * mid-burst), and an outbox entry is gone once delivered. Both sides are
 * idempotent (D1 rows are upserts, the consumer finds the item), so
 * redelivery after a crash at any point is safe.
 *
 * Trace spans come on the outbox's own trace lane (never mixed with history in
 * one batch) and go to the OTLP collector instead.
 */
import { D1HistorySink, OUTBOX_KIND } from "../db/history-sink";
import { TRACE_KIND, type HistorySink, type OutboxEntry } from "./outbox";
import { OtlpSink } from "../observability/otlp-sink";
import type { OtlpEnv } from "../observability/otlp-config";

export const ESCALATION_KIND = OUTBOX_KIND.escalation;

export class PlatformSink implements HistorySink {
  private readonly d1: D1HistorySink;
  private readonly traces: OtlpSink;

  constructor(private readonly env: Pick<Env, "DB" | "ESCALATIONS"> & Partial<Pick<Env, "WEBHOOKS">> & OtlpEnv) {
    this.d1 = new D1HistorySink(env.DB, env.WEBHOOKS);
    this.traces = new OtlpSink(env);
  }

  async deliver(entries: OutboxEntry[]): Promise<void> {
    if (entries[0]?.kind === TRACE_KIND) return this.traces.deliver(entries);
    await this.d1.deliver(entries);
    const messages = entries.filter((e) => e.kind === ESCALATION_KIND);
    if (messages.length > 0) await this.env.ESCALATIONS.sendBatch(messages.map((m) => ({ body: m.payload, contentType: "json" })));
  }
}
