/**
 * The agent-declared columns of the shared lists (queue, runs list). A list
 * whose rows all belong to one agent with declared columns uses them as its
 * headers; otherwise (several agents, or none declared) it shows neutral
 * "Task" and "Details" columns, each row's details in its own agent's words.
 * This file names no agent: the words come from `AgentReviewView`.
 */
import type { FC } from "hono/jsx";
import type { DisplayColumn, DisplayFormat, DisplayValues } from "../runtime/review-view";
import { Untrusted } from "./components";
import { SEARCH_FIELD } from "./data";
import { money } from "./format";

/** What one row shows, decided by its agent. */
export interface RowDisplay {
  agent: string;
  /** The agent's declared columns; null when it declares none. */
  columns: readonly DisplayColumn[] | null;
  /** What the columns read: the item's subject (with looked-up values) or the run's input. */
  values: DisplayValues;
  /** The task's idempotency key, when it has one. */
  taskKey: string | null;
}

export type ListLayout = { kind: "agent"; columns: readonly DisplayColumn[] } | { kind: "neutral" };

/** The agent's columns when every row is one agent's and it declares them; neutral otherwise. */
export function layoutOf(rows: readonly RowDisplay[]): ListLayout {
  const first = rows[0];
  if (!first?.columns || first.columns.length === 0) return { kind: "neutral" };
  return rows.every((r) => r.agent === first.agent) ? { kind: "agent", columns: first.columns } : { kind: "neutral" };
}

const numeric = (f: DisplayFormat) => f !== "text";

/** Fields a neutral row lists for an agent without columns: a few scalar ones, long text cut. */
const NEUTRAL_FIELDS = 4;
const NEUTRAL_TEXT = 60;

const present = (v: unknown): v is string | number | boolean => (typeof v === "string" && v !== "") || (typeof v === "number" && Number.isFinite(v)) || typeof v === "boolean";

const Value: FC<{ value: unknown; format: DisplayFormat; unit?: string | undefined }> = ({ value, format, unit }) => {
  if (format === "cents") return <>{typeof value === "number" ? money(value) : "—"}</>;
  if (format === "count") return <>{typeof value === "number" ? `${value}${unit ? ` ${unit}` : ""}` : "—"}</>;
  return <Untrusted text={present(value) ? String(value) : undefined} />;
};

/** One declared column's value and its detail line. */
const ColumnValue: FC<{ column: DisplayColumn; values: DisplayValues }> = ({ column, values }) => {
  const value = values[column.field];
  const detail = column.detail ? values[column.detail.field] : undefined;
  return (
    <>
      {present(value) ? (
        <Value value={value} format={column.format} unit={column.unit} />
      ) : (
        <span class="muted">{present(detail) && column.missing ? column.missing : "—"}</span>
      )}
      {column.detail && present(detail) && (
        <div class="muted small">
          <Value value={detail} format={column.detail.format} unit={column.detail.unit} />
        </div>
      )}
    </>
  );
};

export const ListHeaders: FC<{ layout: ListLayout }> = ({ layout }) =>
  layout.kind === "agent" ? (
    <>
      {layout.columns.map((c) => (
        <th class={numeric(c.format) ? "num" : undefined}>{c.label}</th>
      ))}
    </>
  ) : (
    <>
      <th>Task</th>
      <th>Details</th>
    </>
  );

/**
 * A row's cells for the layout. `fallback` (e.g. the run id) stands in for an
 * absent task key; `showAgent` puts the agent's name under the first cell.
 */
export const ListCells: FC<{ layout: ListLayout; row: RowDisplay; fallback?: string | undefined; showAgent?: boolean }> = ({ layout, row, fallback, showAgent }) => {
  const agentLine = showAgent ? <div class="muted small">{row.agent}</div> : null;
  const task = row.taskKey ? <Untrusted text={row.taskKey} /> : fallback ? <span class="mono">{fallback}</span> : <span class="muted">—</span>;
  if (layout.kind === "agent") {
    return (
      <>
        {layout.columns.map((c, i) => (
          <td class={numeric(c.format) ? "num" : undefined} data-label={c.label}>
            {i === 0 && !present(row.values[c.field]) ? task : <ColumnValue column={c} values={row.values} />}
            {i === 0 && agentLine}
          </td>
        ))}
      </>
    );
  }
  return (
    <>
      <td data-label="Task">
        {task}
        {agentLine}
      </td>
      <td class="small" data-label="Details">
        <Details row={row} />
      </td>
    </>
  );
};

/** A neutral row's details: its agent's columns as "label value", or its own fields as "key: value". */
const Details: FC<{ row: RowDisplay }> = ({ row }) => {
  if (row.columns && row.columns.length > 0) {
    return (
      <>
        {row.columns.map((c) => (
          <div>
            <span class="muted">{c.label}</span> <ColumnValue column={c} values={row.values} />
          </div>
        ))}
      </>
    );
  }
  const fields = Object.entries(row.values).filter(([, v]) => present(v)).slice(0, NEUTRAL_FIELDS);
  if (fields.length === 0) return <span class="muted">—</span>;
  return (
    <>
      {fields.map(([key, v]) => {
        const text = String(v);
        return (
          <div>
            <span class="muted">
              <Untrusted text={`${key}:`} />
            </span>{" "}
            <Untrusted text={text.length > NEUTRAL_TEXT ? `${text.slice(0, NEUTRAL_TEXT)}…` : text} />
          </div>
        );
      })}
    </>
  );
};

/** The input fields an agent's runs list lets the search box match (plain identifiers only). */
export function searchableFields(columns: readonly DisplayColumn[] | undefined): string[] {
  return (columns ?? []).filter((c) => c.searchable && SEARCH_FIELD.test(c.field)).map((c) => c.field);
}
