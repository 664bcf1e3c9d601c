/**
 * Lists whose state lives in the URL: filters are a GET form's fields, the
 * page is a `cursor` parameter, so any view can be shared or reloaded. The
 * "Next page" link carries the same filters and the cursor the query returned.
 */
import type { FC } from "hono/jsx";

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** "2026-11-20" -> that UTC day's first ms; undefined when it is not a date. */
export function dayStart(text: string | undefined): number | undefined {
  if (!text || !DAY.test(text)) return undefined;
  const ms = Date.parse(`${text}T00:00:00Z`);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The ms after that UTC day (an exclusive end), so "until 2026-11-20" includes the 20th. */
export function dayAfter(text: string | undefined): number | undefined {
  const start = dayStart(text);
  return start === undefined ? undefined : start + 86_400_000;
}

/** A date field's value back as typed, only when it is one. */
export const dateValue = (text: string | undefined): string => (text && dayStart(text) !== undefined ? text : "");

/** `path?k=v&...` with the empty values left out. */
export function hrefWith(path: string, params: Readonly<Record<string, string | number | undefined | null>>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** "Next page" (and "First page" when not on it), each keeping the filters. */
export const Pager: FC<{ id: string; label: string; path: string; params: Readonly<Record<string, string | undefined>>; cursorParam?: string; next: string | null; paged: boolean }> = ({
  id,
  label,
  path,
  params,
  cursorParam = "cursor",
  next,
  paged,
}) => {
  if (!next && !paged) return null;
  return (
    <nav class="pager" aria-label={label}>
      {paged && <a href={hrefWith(path, { ...params, [cursorParam]: undefined })}>First page</a>}
      {next ? (
        <a class="button secondary" id={id} rel="next" href={hrefWith(path, { ...params, [cursorParam]: next })}>
          Next page →
        </a>
      ) : (
        <span class="muted small">Last page.</span>
      )}
    </nav>
  );
};
