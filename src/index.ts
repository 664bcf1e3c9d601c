/** Worker entry: HTTP (Hono), queue consumers, and the Durable Object classes it hosts. */
import { consumeDeadLetters, consumeEscalations, DEAD_LETTER_QUEUE } from "./escalation/consumer";
import { repairReviewItems } from "./escalation/repair";
import { runScheduledEvaluations } from "./evals/scheduled";
import { createApp } from "./http/app";

export { RunDurableObject } from "./runtime/run-object";
export { TurnstileObject } from "./runtime/turnstile";
export { AgentGuardObject } from "./guardrails/agent-guard";

const app = createApp();

export default {
  fetch: app.fetch,
  scheduled(_controller, env, ctx) {
    ctx.waitUntil(runScheduledEvaluations(env));
    // Separate from the evaluations, so a failing evaluation never stops the repair.
    ctx.waitUntil(
      repairReviewItems(env).catch((error: unknown) => console.error(`review repair sweep failed: ${error instanceof Error ? error.message : String(error)}`)),
    );
  },
  async queue(batch, env) {
    if (batch.queue === DEAD_LETTER_QUEUE) await consumeDeadLetters(batch, env);
    else await consumeEscalations(batch, env);
  },
} satisfies ExportedHandler<Env>;
