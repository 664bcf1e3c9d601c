/** Worker entry: HTTP (Hono), queue consumers, and the Durable Object classes it hosts. */
import { consumeDeadLetters, consumeEscalations, DEAD_LETTER_QUEUE } from "./escalation/consumer";
import { repairReviewItems } from "./escalation/repair";
import { runScheduledEvaluations } from "./evals/scheduled";
import { createApp } from "./http/app";
import { setLogLevel } from "./observability/logs";
import { consumeWebhookDeliveries } from "./webhooks/consumer";
import { WEBHOOKS_QUEUE } from "./webhooks/queue";
import { sweepWebhookDeliveries } from "./webhooks/sweep";

export { RunDurableObject } from "./runtime/run-object";
export { TurnstileObject } from "./runtime/turnstile";
export { AgentGuardObject } from "./guardrails/agent-guard";

const app = createApp();
/** Must match the second cron in wrangler.toml. */
const WEBHOOK_SWEEP_CRON = "*/10 * * * *";

export default {
  fetch(request, env, ctx) {
    setLogLevel(env.LOG_LEVEL);
    return app.fetch(request, env, ctx);
  },
  scheduled(controller, env, ctx) {
    setLogLevel(env.LOG_LEVEL);
    const sweep = sweepWebhookDeliveries(env).catch((error: unknown) => console.error(`webhook sweep failed: ${error instanceof Error ? error.message : String(error)}`));
    ctx.waitUntil(sweep);
    // The frequent cron exists for the sweep alone: evaluations and the review repair keep their own schedule.
    if (controller.cron === WEBHOOK_SWEEP_CRON) return;
    ctx.waitUntil(runScheduledEvaluations(env));
    // Separate from the evaluations, so a failing evaluation never stops the repair.
    ctx.waitUntil(
      repairReviewItems(env).catch((error: unknown) => console.error(`review repair sweep failed: ${error instanceof Error ? error.message : String(error)}`)),
    );
  },
  async queue(batch, env) {
    setLogLevel(env.LOG_LEVEL);
    if (batch.queue === WEBHOOKS_QUEUE) await consumeWebhookDeliveries(batch, env);
    else if (batch.queue === DEAD_LETTER_QUEUE) await consumeDeadLetters(batch, env);
    else await consumeEscalations(batch, env);
  },
} satisfies ExportedHandler<Env>;
