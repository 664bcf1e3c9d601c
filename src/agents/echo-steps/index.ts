/**
 * `echo-steps`: a configurable N-step agent used by tests and the benchmark.
 * Every `effectEvery`-th step calls a side-effecting tool (a row in the effect
 * ledger); `failures` makes chosen steps fail their first attempts, so retry
 * behaviour can be driven from the outside.
 */
import { z } from "zod";
import { defineAgent, type StepDefinition } from "../../runtime/agent-definition";
import { RuntimeError } from "../../runtime/errors";
import { ALLOW, block } from "../../guardrails/action-policy";
import { echoEffect } from "./tools";

export const EchoStepsInput = z.object({
  steps: z.number().int().min(1).max(5_000).default(5),
  /** Call the side-effecting tool on every n-th step (0 = never). */
  effectEvery: z.number().int().min(0).default(2),
  /** Payload echoed by every step (exercises journal size). */
  payload: z.string().max(4_096).default(""),
  /** First retry delay of every step (doubling after). */
  retryDelayMs: z.number().int().min(0).max(3_600_000).default(100),
  /** Make a step fail its first `times` attempts. */
  failures: z
    .array(z.object({ step: z.number().int().min(0), times: z.number().int().min(1), retryable: z.boolean().default(true) }))
    .max(20)
    .default([]),
});
export type EchoStepsInput = z.infer<typeof EchoStepsInput>;

function stepAt(index: number, input: EchoStepsInput): StepDefinition<EchoStepsInput> {
  const last = index === input.steps - 1;
  const effect = input.effectEvery > 0 && (index + 1) % input.effectEvery === 0;
  return {
    name: `echo-${index}`,
    kind: last ? "decision" : effect ? "tool" : "guard",
    retry: { initialDelayMs: input.retryDelayMs, maxDelayMs: Math.max(60_000, input.retryDelayMs * 4), maxAttempts: 3 },
    describeInput: () => `step ${index + 1} of ${input.steps}`,
    async run(ctx) {
      const failure = input.failures.find((f) => f.step === index);
      if (failure && ctx.attempt <= failure.times) {
        throw new RuntimeError("ECHO_INJECTED_FAILURE", `Step ${index} failed on purpose (attempt ${ctx.attempt}).`, { retryable: failure.retryable });
      }
      if (effect) {
        const { key } = await ctx.callTool(echoEffect, { step: index, payload: input.payload });
        if (!last) return { step: index, effect: key };
      }
      if (last) {
        const effects = Object.values(ctx.results).filter((r) => typeof r === "object" && r !== null && "effect" in r).length + (effect ? 1 : 0);
        return { echoed: input.steps, effects, payload: input.payload };
      }
      return { step: index, payload: input.payload };
    },
  };
}

export const echoStepsAgent = defineAgent<EchoStepsInput>({
  name: "echo-steps",
  version: "1.0.0",
  description: "Echoes its payload through N steps, with a side-effecting tool every few steps. For tests and benchmarks.",
  input: EchoStepsInput,
  plan: (input) => Array.from({ length: input.steps }, (_, i) => stepAt(i, input)),
  // A benchmark agent: rate limits far above what one machine can drive.
  limits: { maxSteps: 1_000, maxToolCalls: 1_000, requestsPerSecond: 100_000, maxConcurrentRuns: 100_000 },
  // The queue shows these as "key: value" (this agent declares no columns of its own).
  reviewSubject: (input) => ({ steps: input.steps, payload: input.payload.slice(0, 60) }),
  // Output guardrail: a payload of "forbidden" may never be recorded.
  actionPolicy: (action, facts) =>
    action.tool === echoEffect.name && facts.input.payload === "forbidden" ? block("ECHO_FORBIDDEN", "This payload may not be recorded.") : ALLOW,
});
