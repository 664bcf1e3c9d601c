/**
 * Calendar-day arithmetic on ISO dates (`YYYY-MM-DD`), in UTC, with no time
 * zones and no clock: the policy engine never reads the current time.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Years outside this range are treated as malformed (a typo, not a real expense). */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2199;

/** LATE: an item more than this many days before `submittedAt` is rejected (exactly 90 is fine). */
export const LATE_AFTER_DAYS = 90;

const MS_PER_DAY = 86_400_000;

interface YMD {
  y: number;
  m: number;
  d: number;
}

function parse(iso: string): YMD | null {
  const match = ISO_DATE.exec(iso);
  if (!match) return null;
  const y = Number(match[1]);
  const m = Number(match[2]);
  const d = Number(match[3]);
  if (y < MIN_YEAR || y > MAX_YEAR || m < 1 || m > 12 || d < 1) return null;
  if (d > daysInMonth(y, m)) return null;
  return { y, m, d };
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/** True for a real calendar date written exactly as `YYYY-MM-DD` (e.g. not 2026-02-30). */
export function isIsoDate(value: string): boolean {
  return parse(value) !== null;
}

/** Days since 1970-01-01 (UTC) of an ISO date. Throws on a malformed date. */
export function dayNumber(iso: string): number {
  const p = parse(iso);
  if (!p) throw new RangeError(`not an ISO calendar date: ${JSON.stringify(iso)}`);
  return Date.UTC(p.y, p.m - 1, p.d) / MS_PER_DAY;
}

/** Whole calendar days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** The ISO date `days` calendar days after `iso` (negative for before). */
export function addDays(iso: string, days: number): string {
  const ms = (dayNumber(iso) + days) * MS_PER_DAY;
  return new Date(ms).toISOString().slice(0, 10);
}

/** FUTURE_DATE: the item is dated after the report's `submittedAt` (same day is fine). */
export function isFutureDate(itemDate: string, submittedAt: string): boolean {
  return daysBetween(submittedAt, itemDate) > 0;
}

/** LATE: the item is dated more than 90 days before `submittedAt` (90 is fine, 91 is late). */
export function isLate(itemDate: string, submittedAt: string): boolean {
  return daysBetween(itemDate, submittedAt) > LATE_AFTER_DAYS;
}
