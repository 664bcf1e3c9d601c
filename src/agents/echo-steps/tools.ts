import { z } from "zod";
import { defineTool } from "../../tools/define-tool";
import { recordEffect } from "../../tools/effect-ledger";

/** Writes one row to the effect ledger; idempotent by the engine's key. */
export const echoEffect = defineTool({
  name: "echoEffect",
  description: "Records that a step ran (one ledger row per step).",
  input: z.object({ step: z.number().int().min(0), payload: z.string() }),
  output: z.object({ key: z.string(), created: z.boolean() }),
  sideEffect: true,
  async run(args, ctx) {
    const { created } = await recordEffect(ctx, "echoEffect", args, { step: args.step });
    return { key: ctx.idempotencyKey, created };
  },
});
