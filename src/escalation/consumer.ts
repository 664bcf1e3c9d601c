/**
 * Queue consumers. The run's own outbox already writes the review item to D1
 * with the run row (src/db/history-sink.ts), so a lost message loses nothing;
 * `escalations` still turns each message into the same item, idempotently
 * (one item per run and review round: a redelivered message finds its row and is acknowledged). A failure retries the message with backoff; after
 * max_retries the queue moves it to `escalations-dlq`, whose consumer keeps it
 * for an operator instead of dropping it.
 */
import { database } from "../db/client";
import { escalationDeadLetters, reviewItems } from "../db/schema";
import { EscalationMessageSchema, reviewIdFor } from "./messages";

export const ESCALATIONS_QUEUE = "escalations";
export const DEAD_LETTER_QUEUE = "escalations-dlq";

export { reviewIdFor };

export async function consumeEscalations(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const db = database(env.DB);
  for (const message of batch.messages) {
    const parsed = EscalationMessageSchema.safeParse(message.body);
    if (!parsed.success) {
      // A malformed message will never succeed: keep it as a dead letter rather than retrying it.
      await db
        .insert(escalationDeadLetters)
        .values({ messageId: message.id, body: message.body ?? null, attempts: message.attempts, receivedAt: Date.now() })
        .onConflictDoNothing();
      message.ack();
      continue;
    }
    const m = parsed.data;
    try {
      await db
        .insert(reviewItems)
        .values({
          id: reviewIdFor(m.runId, m.round),
          round: m.round ?? 1,
          tenantId: m.tenantId,
          runId: m.runId,
          agent: m.agent,
          reasons: m.reasons,
          priority: m.priority,
          proposal: m.proposal ?? null,
          subject: m.subject,
          status: "open",
          createdAt: m.escalatedAt,
          amountCents: m.amountCents ?? null,
        })
        .onConflictDoNothing();
      message.ack();
    } catch {
      message.retry({ delaySeconds: Math.min(300, 2 ** message.attempts) });
    }
  }
}

export async function consumeDeadLetters(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const db = database(env.DB);
  for (const message of batch.messages) {
    await db
      .insert(escalationDeadLetters)
      .values({ messageId: message.id, body: message.body ?? null, attempts: message.attempts, receivedAt: Date.now() })
      .onConflictDoNothing();
    message.ack();
  }
}
