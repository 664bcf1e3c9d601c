/**
 * SQLite triggers on the step journal. The statement that starts or ends a
 * step (or journals a model call) also writes what that row announces: its run event (./events/) and its
 * history outbox entry (./outbox.ts), and a completed step moves the run row
 * past it. In workerd every `sql.exec` call costs far more than the rows it
 * writes (about 0.1 ms a call on the bench machine, against almost nothing for
 * a row a trigger adds), so a step makes two calls where it made six; and rows
 * written by one statement can never disagree.
 *
 * The payloads are the event and history shapes the rest of the runtime reads:
 * - `step.started`: index, name, kind, attempt, startedAt (ISO), inputSummary;
 * - `step.finished`: the same plus status, finishedAt, durationMs, retryAt (ISO or null), outputSummary, error;
 * - outbox `step:<idx>` (kind `step`): StepHistoryRow, times as epoch ms;
 * - a queued run's first step sets it running;
 * - `model.called`: stepIndex, model, promptTokens, completionTokens, costMicroUsd, latencyMs, cacheStatus, at (ISO),
 *   and the call is counted on the run row (model_calls, cost_micro_usd).
 * test/runtime/journal-triggers.test.ts holds them to these shapes.
 */
import { OUTBOX_KIND } from "../db/history-sink";

/** Epoch ms as `Date.prototype.toISOString` writes it (SQLite keeps milliseconds exactly). */
const iso = (column: string) => `strftime('%Y-%m-%dT%H:%M:%fZ', ${column} / 1000.0, 'unixepoch')`;
const isoOrNull = (column: string) => `CASE WHEN ${column} IS NULL THEN NULL ELSE ${iso(column)} END`;

const STARTED_EVENT = `INSERT INTO events (type, at, data) VALUES ('step.started', NEW.started_at, json_object(
    'index', NEW.idx, 'name', NEW.name, 'kind', NEW.kind, 'attempt', NEW.attempt,
    'startedAt', ${iso("NEW.started_at")}, 'inputSummary', NEW.input_summary))`;

const STEP_KEY_PREFIX = "step:";
/** The outbox key of a step's history entry, as the step_ended trigger writes it. */
export const stepHistoryKey = (index: number) => `${STEP_KEY_PREFIX}${index}`;

export const TRIGGER_NAMES = ["step_started", "step_restarted", "step_ended"] as const;

/** Needs the run, steps, events and outbox tables; idempotent. */
export const JOURNAL_TRIGGERS = `
CREATE TRIGGER IF NOT EXISTS step_started AFTER INSERT ON steps BEGIN
  ${STARTED_EVENT};
  UPDATE run SET status = 'running', updated_at = NEW.started_at WHERE status = 'queued';
END;
CREATE TRIGGER IF NOT EXISTS step_restarted AFTER UPDATE OF status ON steps WHEN NEW.status = 'running' BEGIN
  ${STARTED_EVENT};
END;
CREATE TRIGGER IF NOT EXISTS step_ended AFTER UPDATE OF status ON steps WHEN NEW.status <> 'running' BEGIN
  INSERT INTO events (type, at, data) VALUES ('step.finished', NEW.finished_at, json_object(
    'index', NEW.idx, 'name', NEW.name, 'kind', NEW.kind, 'attempt', NEW.attempt, 'status', NEW.status,
    'startedAt', ${iso("NEW.started_at")}, 'finishedAt', ${isoOrNull("NEW.finished_at")}, 'durationMs', NEW.duration_ms,
    'retryAt', ${isoOrNull("NEW.retry_at")}, 'outputSummary', NEW.output_summary, 'error', json(NEW.error)));
  INSERT OR REPLACE INTO outbox (key, kind, payload) VALUES ('${STEP_KEY_PREFIX}' || NEW.idx, '${OUTBOX_KIND.step}', json_object(
    'runId', (SELECT id FROM run), 'stepIndex', NEW.idx, 'name', NEW.name, 'kind', NEW.kind, 'status', NEW.status,
    'attempt', NEW.attempt, 'startedAt', NEW.started_at, 'finishedAt', NEW.finished_at, 'durationMs', NEW.duration_ms,
    'outputSummary', NEW.output_summary, 'error', json(NEW.error)));
  UPDATE run SET next_step = NEW.idx + 1, steps = steps + 1, updated_at = NEW.finished_at WHERE NEW.status = 'completed';
END;
`;

export const MODEL_CALL_TRIGGER_NAME = "model_called";

/** Needs the model_calls, run and events tables; idempotent. */
export const MODEL_CALL_TRIGGER = `
CREATE TRIGGER IF NOT EXISTS model_called AFTER INSERT ON model_calls BEGIN
  INSERT INTO events (type, at, data) VALUES ('model.called', NEW.created_at, json_object(
    'stepIndex', NEW.step_idx, 'model', NEW.model, 'promptTokens', NEW.prompt_tokens, 'completionTokens', NEW.completion_tokens,
    'costMicroUsd', NEW.cost_micro_usd, 'latencyMs', NEW.latency_ms, 'cacheStatus', NEW.cache_status, 'at', ${iso("NEW.created_at")}));
  UPDATE run SET model_calls = model_calls + 1, cost_micro_usd = cost_micro_usd + NEW.cost_micro_usd;
END;
`;
