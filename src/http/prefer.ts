/** `Prefer: wait=N` (RFC 7240 section 4.3), capped at MAX_WAIT_SECONDS. */
export const MAX_WAIT_SECONDS = 30;

export function preferredWaitSeconds(header: string | undefined): number {
  if (!header) return 0;
  for (const part of header.split(",")) {
    const match = /^\s*wait\s*=\s*"?(\d{1,6})"?\s*$/i.exec(part.split(";")[0] ?? "");
    if (match) return Math.min(Number(match[1]), MAX_WAIT_SECONDS);
  }
  return 0;
}
