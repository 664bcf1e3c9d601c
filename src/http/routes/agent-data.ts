/**
 * Per-tenant agent data (issue 14): an operator replaces a collection an agent
 * declares (`dataCollections`) with a JSON array or NDJSON; operators and
 * reviewers page through it. Client keys cannot read it (it holds people's
 * names and orders). Validation and atomicity live in src/runtime/agent-data.ts;
 * this layer picks the statuses.
 */
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { every } from "hono/combine";
import { createMiddleware } from "hono/factory";
import { findAgent } from "../../agents/registry";
import type { AgentDataCollection } from "../../runtime/agent-data";
import { AgentDataError, loadCollection, pageOf, PAGE_DEFAULT, PAGE_MAX, parseRecords, recordJsonSchema, type BodyFormat } from "../../runtime/agent-data";
import type { AgentDefinition } from "../../runtime/agent-definition";
import { systemClock } from "../../runtime/clock";
import { ApiError } from "../../runtime/errors";
import { ErrorBodySchema } from "../errors";
import { requireRole } from "../middleware/auth";
import { answers } from "../middleware/statuses";
import type { AppEnv } from "../types";
import { validationHook } from "../validation";

/** A whole directory fits (10,000 records of a few hundred bytes); more is a mistake or an attack. */
export const MAX_DATA_BODY_BYTES = 5 * 1024 * 1024;
const JSON_TYPE = /^application\/([a-z0-9.+-]+\+)?json\s*(;|$)/i;
const NDJSON_TYPE = /^application\/x-ndjson\s*(;|$)/i;
/** A body that cannot be parsed at all is a bad request; everything else refused in a load is unprocessable. */
const STATUS_OF_CODE: Record<string, 400 | 422> = { INVALID_JSON: 400 };

const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, { description: "Error", content: { "application/json": { schema: ErrorBodySchema } } }]));
const json = (schema: z.ZodType, description: string) => ({ description, content: { "application/json": { schema } } });

const agentParam = z.object({ agent: z.string() });
const collectionParams = z.object({ agent: z.string(), collection: z.string() });
const readers = requireRole("operator", "reviewer");

function formatOf(contentType: string | undefined): BodyFormat | null {
  if (!contentType) return null;
  if (JSON_TYPE.test(contentType)) return "json";
  if (NDJSON_TYPE.test(contentType)) return "ndjson";
  return null;
}

const contentType = createMiddleware<AppEnv>(async (c, next) => {
  if (!formatOf(c.req.header("Content-Type"))) {
    throw new ApiError(415, "UNSUPPORTED_MEDIA_TYPE", "Send the records as 'Content-Type: application/json' (an array) or 'application/x-ndjson' (one record per line).");
  }
  await next();
});

const limit = bodyLimit({
  maxSize: MAX_DATA_BODY_BYTES,
  onError: () => {
    throw new ApiError(413, "PAYLOAD_TOO_LARGE", `The body is larger than ${MAX_DATA_BODY_BYTES / (1024 * 1024)} MiB.`);
  },
});

const recordsBody = answers(every(contentType, limit), 413, 415);

function agentOr404(name: string): AgentDefinition<unknown> {
  const agent = findAgent(name);
  if (!agent) throw new ApiError(404, "AGENT_NOT_FOUND", `There is no agent named "${name}".`);
  return agent;
}

function collectionOr404(agent: AgentDefinition<unknown>, name: string): AgentDataCollection {
  const collections = agent.dataCollections ?? {};
  const found = Object.hasOwn(collections, name) ? collections[name] : undefined;
  if (!found) {
    const names = Object.keys(collections);
    const known = names.length ? `its collections are ${names.join(", ")}` : "it reads no tenant data";
    throw new ApiError(404, "COLLECTION_NOT_FOUND", `"${agent.name}" has no data collection "${name}"; ${known}.`, { collections: names });
  }
  return found;
}

/** A refused load or page, with the runtime's code and details. */
function asApiError(error: unknown): unknown {
  if (!(error instanceof AgentDataError)) return error;
  return new ApiError(STATUS_OF_CODE[error.code] ?? 422, error.code, error.message, error.details);
}

const LoadResult = z.object({ agent: z.string(), collection: z.string(), records: z.number().int(), replacedAt: z.iso.datetime() }).openapi("AgentDataLoad");
const PageSchema = z.object({ items: z.array(z.unknown()), nextCursor: z.string().nullable() }).openapi("AgentDataPage");
const CollectionsSchema = z
  .object({ agent: z.string(), collections: z.array(z.object({ name: z.string(), description: z.string(), schema: z.record(z.string(), z.unknown()) })) })
  .openapi("AgentDataCollections");

const putRoute = createRoute({
  method: "put",
  path: "/agents/{agent}/data/{collection}",
  summary: "Replace a data collection of the agent for this tenant (operator): every record is validated, then all are written at once, or none",
  middleware: [requireRole("operator"), recordsBody] as const,
  request: {
    params: collectionParams,
    body: {
      required: true,
      description: "The records: a JSON array, or NDJSON (one record per line). Each record follows the collection's JSON Schema (GET /v1/agents/{agent}/data).",
      content: {
        "application/json": { schema: { type: "array", items: { type: "object" } } },
        "application/x-ndjson": { schema: { type: "string" } },
      },
    },
  },
  responses: { 200: json(LoadResult, "The collection was replaced"), ...errors(400, 401, 403, 404, 413, 415, 422) },
});

const pageRoute = createRoute({
  method: "get",
  path: "/agents/{agent}/data/{collection}",
  summary: "One page of a data collection of the agent for this tenant, ordered by record id (operator or reviewer)",
  middleware: [readers] as const,
  request: {
    params: collectionParams,
    query: z.object({
      limit: z.coerce.number().int().min(1).max(PAGE_MAX).default(PAGE_DEFAULT),
      cursor: z.string().min(1).max(2_000).optional(),
    }),
  },
  responses: { 200: json(PageSchema, "Records, and the cursor of the next page (null on the last)"), ...errors(401, 403, 404, 422) },
});

const listRoute = createRoute({
  method: "get",
  path: "/agents/{agent}/data",
  summary: "The data collections the agent reads per tenant, with each record's JSON Schema (operator or reviewer)",
  middleware: [readers] as const,
  request: { params: agentParam },
  responses: { 200: json(CollectionsSchema, "Collections"), ...errors(401, 403, 404) },
});

export const agentDataRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(putRoute, async (c) => {
    const { agent: agentName, collection: name } = c.req.valid("param");
    const agent = agentOr404(agentName);
    const collection = collectionOr404(agent, name);
    // Decoded by hand: workerd warns when .text() reads a type it does not know as text (NDJSON).
    const text = new TextDecoder().decode(await c.req.arrayBuffer());
    try {
      const records = parseRecords(text, formatOf(c.req.header("Content-Type")) ?? "json");
      const loaded = await loadCollection(c.env.DB, c.get("tenantId"), collection, records, systemClock);
      return c.json({ agent: agent.name, collection: name, records: loaded.records, replacedAt: new Date(loaded.replacedAt).toISOString() }, 200);
    } catch (error) {
      throw asApiError(error);
    }
  })
  .openapi(pageRoute, async (c) => {
    const { agent: agentName, collection: name } = c.req.valid("param");
    const agent = agentOr404(agentName);
    const collection = collectionOr404(agent, name);
    const { limit, cursor } = c.req.valid("query");
    try {
      return c.json(await pageOf(c.env.DB, c.get("tenantId"), `${agent.name}/${name}`, collection, { cursor, limit }), 200);
    } catch (error) {
      throw asApiError(error);
    }
  })
  .openapi(listRoute, async (c) => {
    const agent = agentOr404(c.req.valid("param").agent);
    const collections = Object.entries(agent.dataCollections ?? {}).map(([name, collection]) => ({
      name,
      description: collection.description,
      schema: recordJsonSchema(collection) as Record<string, unknown>,
    }));
    return c.json({ agent: agent.name, collections }, 200);
  });
