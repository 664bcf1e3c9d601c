/**
 * Where the run outbox delivers: escalation messages to the `escalations`
 * queue, history rows to D1. Both are idempotent on the receiving side (the
 * consumer dedupes by run id; D1 rows are upserts), so redelivery is safe.
 */
import { D1HistorySink } from "../db/history-sink";
import type { HistorySink, OutboxEntry } from "./outbox";

export const ESCALATION_KIND = "escalation";

export class PlatformSink implements HistorySink {
  private readonly d1: D1HistorySink;

  constructor(private readonly env: Pick<Env, "DB" | "ESCALATIONS">) {
    this.d1 = new D1HistorySink(env.DB);
  }

  async deliver(entries: OutboxEntry[]): Promise<void> {
    const messages = entries.filter((e) => e.kind === ESCALATION_KIND);
    // History first: a reviewer opening the item should find the run in D1.
    await this.d1.deliver(entries.filter((e) => e.kind !== ESCALATION_KIND));
    if (messages.length > 0) await this.env.ESCALATIONS.sendBatch(messages.map((m) => ({ body: m.payload, contentType: "json" })));
  }
}
