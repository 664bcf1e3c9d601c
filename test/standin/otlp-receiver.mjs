// A local OTLP/HTTP trace receiver for tests (plain Node ESM), served by the
// stand-in's HTTP server under /__otlp/. It decodes every export request
// strictly against the OTLP definitions (opentelemetry-proto v1,
// opentelemetry/proto/collector/trace/v1/trace_service.proto and
// trace/v1/trace.proto, common/v1/common.proto, resource/v1/resource.proto) in
// their OTLP/JSON encoding (the protobuf JSON mapping, with trace and span ids
// as hex as OTLP/JSON requires). No OTLP package is installed here, so the
// field names and types are checked by hand: an unknown field, a wrong type,
// a malformed id, a bad enum or a oneof with two values refuses the request
// with 400 (and is recorded), the way a collector would refuse it.
//
//   POST /__otlp/v1/traces     an export: 200 {} (ExportTraceServiceResponse), 400 invalid, or 503 while down
//   POST /__otlp/config        {downForMs?: n, down?: bool}: answer 503 for a while / until told otherwise
//   GET  /__otlp/spans?traceId=...   {spans: [{...span, resource, scope}], exports, refused, invalid, headers}
//   POST /__otlp/reset         forget everything

import { readBody, send } from "./http.mjs";

export const OTLP_RECEIVER_PREFIX = "/__otlp/";

const HEX32 = /^[0-9a-f]{32}$/;
const HEX16 = /^[0-9a-f]{16}$/;
const ZERO = /^0+$/;
const UINT64 = /^\d{1,20}$/;
const INT64 = /^-?\d{1,19}$/;

class Invalid extends Error {}

const fail = (path, what) => {
  throw new Invalid(`${path}: ${what}`);
};
const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

function fields(path, value, allowed) {
  if (!isObject(value)) fail(path, "must be an object");
  for (const key of Object.keys(value)) if (!allowed.includes(key)) fail(path, `unknown field "${key}"`);
}
function optString(path, v) {
  if (v !== undefined && typeof v !== "string") fail(path, "must be a string");
}
function optUint32(path, v) {
  if (v !== undefined && !(Number.isInteger(v) && v >= 0 && v < 2 ** 32)) fail(path, "must be a uint32");
}
function array(path, v, each) {
  if (v === undefined) return;
  if (!Array.isArray(v)) fail(path, "must be an array");
  v.forEach((item, i) => each(`${path}[${i}]`, item));
}
function fixed64(path, v) {
  if (typeof v === "string" ? !UINT64.test(v) : !(Number.isSafeInteger(v) && v >= 0)) fail(path, "must be a fixed64 (decimal string)");
}
function id(path, v, shape, { optional = false } = {}) {
  if (v === undefined || (optional && v === "")) {
    if (!optional) fail(path, "is required");
    return;
  }
  if (typeof v !== "string" || !shape.test(v)) fail(path, `must be ${shape === HEX32 ? 32 : 16} lowercase hex digits`);
  if (ZERO.test(v)) fail(path, "must not be all zeros");
}

function anyValue(path, v) {
  fields(path, v, ["stringValue", "boolValue", "intValue", "doubleValue", "arrayValue", "kvlistValue", "bytesValue"]);
  const set = Object.keys(v);
  if (set.length !== 1) fail(path, `AnyValue is a oneof: exactly one value, got ${set.length}`);
  const [kind] = set;
  const x = v[kind];
  if (kind === "stringValue" && typeof x !== "string") fail(path, "stringValue must be a string");
  if (kind === "boolValue" && typeof x !== "boolean") fail(path, "boolValue must be a boolean");
  if (kind === "intValue" && !(typeof x === "string" ? INT64.test(x) : Number.isSafeInteger(x))) fail(path, "intValue must be an int64");
  if (kind === "doubleValue" && typeof x !== "number") fail(path, "doubleValue must be a number");
  if (kind === "bytesValue" && (typeof x !== "string" || !/^[A-Za-z0-9+/]*={0,2}$/.test(x))) fail(path, "bytesValue must be base64");
  if (kind === "arrayValue") {
    fields(`${path}.arrayValue`, x, ["values"]);
    array(`${path}.arrayValue.values`, x.values, anyValue);
  }
  if (kind === "kvlistValue") {
    fields(`${path}.kvlistValue`, x, ["values"]);
    array(`${path}.kvlistValue.values`, x.values, keyValue);
  }
}
function keyValue(path, v) {
  fields(path, v, ["key", "value"]);
  if (typeof v.key !== "string" || v.key === "") fail(path, "key must be a non-empty string");
  if (v.value !== undefined) anyValue(`${path}.value`, v.value);
}
function attributes(path, v) {
  array(path, v, keyValue);
  const keys = (v ?? []).map((kv) => kv.key);
  if (new Set(keys).size !== keys.length) fail(path, "attribute keys must be unique");
}
function span(path, s) {
  fields(path, s, [
    "traceId", "spanId", "traceState", "parentSpanId", "flags", "name", "kind", "startTimeUnixNano", "endTimeUnixNano",
    "attributes", "droppedAttributesCount", "events", "droppedEventsCount", "links", "droppedLinksCount", "status",
  ]);
  id(`${path}.traceId`, s.traceId, HEX32);
  id(`${path}.spanId`, s.spanId, HEX16);
  id(`${path}.parentSpanId`, s.parentSpanId, HEX16, { optional: true });
  optString(`${path}.traceState`, s.traceState);
  optUint32(`${path}.flags`, s.flags);
  if (typeof s.name !== "string" || s.name === "") fail(`${path}.name`, "must be a non-empty string");
  if (s.kind !== undefined && !(Number.isInteger(s.kind) && s.kind >= 0 && s.kind <= 5)) fail(`${path}.kind`, "must be a SpanKind (0..5)");
  fixed64(`${path}.startTimeUnixNano`, s.startTimeUnixNano);
  fixed64(`${path}.endTimeUnixNano`, s.endTimeUnixNano);
  if (BigInt(s.endTimeUnixNano) < BigInt(s.startTimeUnixNano)) fail(path, "ends before it starts");
  attributes(`${path}.attributes`, s.attributes);
  optUint32(`${path}.droppedAttributesCount`, s.droppedAttributesCount);
  optUint32(`${path}.droppedEventsCount`, s.droppedEventsCount);
  optUint32(`${path}.droppedLinksCount`, s.droppedLinksCount);
  array(`${path}.events`, s.events, (p, e) => {
    fields(p, e, ["timeUnixNano", "name", "attributes", "droppedAttributesCount"]);
    fixed64(`${p}.timeUnixNano`, e.timeUnixNano);
    optString(`${p}.name`, e.name);
    attributes(`${p}.attributes`, e.attributes);
  });
  array(`${path}.links`, s.links, (p, l) => {
    fields(p, l, ["traceId", "spanId", "traceState", "attributes", "droppedAttributesCount", "flags"]);
    id(`${p}.traceId`, l.traceId, HEX32);
    id(`${p}.spanId`, l.spanId, HEX16);
    attributes(`${p}.attributes`, l.attributes);
  });
  if (s.status !== undefined) {
    fields(`${path}.status`, s.status, ["message", "code"]);
    optString(`${path}.status.message`, s.status.message);
    if (s.status.code !== undefined && ![0, 1, 2].includes(s.status.code)) fail(`${path}.status.code`, "must be a StatusCode (0..2)");
  }
}

/** Throws Invalid unless `body` is an ExportTraceServiceRequest; returns its spans with their resource and scope. */
export function decodeExportTraceServiceRequest(body) {
  fields("ExportTraceServiceRequest", body, ["resourceSpans"]);
  const out = [];
  array("resourceSpans", body.resourceSpans, (p, rs) => {
    fields(p, rs, ["resource", "scopeSpans", "schemaUrl"]);
    optString(`${p}.schemaUrl`, rs.schemaUrl);
    if (rs.resource !== undefined) {
      fields(`${p}.resource`, rs.resource, ["attributes", "droppedAttributesCount", "entityRefs"]);
      attributes(`${p}.resource.attributes`, rs.resource.attributes);
    }
    array(`${p}.scopeSpans`, rs.scopeSpans, (q, ss) => {
      fields(q, ss, ["scope", "spans", "schemaUrl"]);
      if (ss.scope !== undefined) {
        fields(`${q}.scope`, ss.scope, ["name", "version", "attributes", "droppedAttributesCount"]);
        optString(`${q}.scope.name`, ss.scope.name);
        optString(`${q}.scope.version`, ss.scope.version);
        attributes(`${q}.scope.attributes`, ss.scope.attributes);
      }
      array(`${q}.spans`, ss.spans, (r, s) => {
        span(r, s);
        out.push({ ...s, resource: rs.resource ?? null, scope: ss.scope ?? null });
      });
    });
  });
  return out;
}

export function createOtlpReceiver() {
  let spans = [];
  let exports = 0;
  let refused = 0;
  let invalid = [];
  let headers = [];
  let downUntil = 0;
  let down = false;

  return async function handle(req, res, url) {
    const route = url.pathname.slice(OTLP_RECEIVER_PREFIX.length).replace(/\/+$/, "");
    if (route === "spans" && req.method === "GET") {
      const traceId = url.searchParams.get("traceId");
      return send(res, 200, { spans: traceId ? spans.filter((s) => s.traceId === traceId) : spans, exports, refused, invalid, headers: headers.slice(-5) });
    }
    const raw = await readBody(req);
    if (route === "reset" && req.method === "POST") {
      spans = [];
      exports = refused = 0;
      invalid = [];
      headers = [];
      down = false;
      downUntil = 0;
      return send(res, 200, { ok: true });
    }
    if (route === "config" && req.method === "POST") {
      const body = raw ? JSON.parse(raw) : {};
      if (body.down !== undefined) down = Boolean(body.down);
      if (body.downForMs !== undefined) downUntil = Date.now() + Number(body.downForMs);
      return send(res, 200, { ok: true });
    }
    if (route !== "v1/traces" || req.method !== "POST") return send(res, 404, { error: "unknown OTLP receiver route" });
    if (down || Date.now() < downUntil) {
      refused++;
      return send(res, 503, { code: 14, message: "collector down (test)" });
    }
    if (!String(req.headers["content-type"] ?? "").startsWith("application/json")) {
      invalid.push("content-type must be application/json");
      return send(res, 415, { code: 3, message: "only OTLP/JSON here" });
    }
    try {
      const decoded = decodeExportTraceServiceRequest(JSON.parse(raw));
      spans.push(...decoded);
      exports++;
      headers.push({ ...req.headers });
      return send(res, 200, {});
    } catch (error) {
      const message = error instanceof Invalid || error instanceof SyntaxError ? error.message : String(error);
      invalid.push(message);
      return send(res, 400, { code: 3, message });
    }
  };
}
