/** Plain formatting for people: money, ages, durations, times (UTC). */

const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });

/** 241000 -> "$2,410.00" */
export function money(cents: number | null | undefined): string {
  if (cents === null || cents === undefined || !Number.isFinite(cents)) return "—";
  return usd.format(cents / 100);
}

/** An amount in its own currency: "12.50 EUR". */
export function amountIn(amount: number, currency: string): string {
  return `${amount.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency}`;
}

/** Model cost in micro-USD: "$0.000123", "$0.42", "$0" */
export function microUsd(micro: number | null | undefined): string {
  if (!micro) return "$0";
  const dollars = micro / 1_000_000;
  if (dollars >= 1) return `$${dollars.toFixed(2)}`;
  if (dollars >= 0.01) return `$${dollars.toFixed(micro % 10_000 === 0 ? 2 : 4)}`;
  return `$${dollars.toFixed(6)}`;
}

/** A wait or an age: "45 s", "12 min", "3 h 05 min", "2 d 4 h". */
export function age(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h ${String(min % 60).padStart(2, "0")} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** A step's duration: "0.4 ms", "12 ms", "1.3 s", "2 min 5 s". */
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "—";
  if (ms < 1) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const sec = Math.round((ms % 60_000) / 1000);
  return sec === 0 ? `${Math.floor(ms / 60_000)} min` : `${Math.floor(ms / 60_000)} min ${sec} s`;
}

/** "2026-11-25 10:04 UTC" */
export function dateTime(value: number | string | null | undefined): string {
  if (value === null || value === undefined) return "—";
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return "—";
  return `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

export function percent(fraction: number | null | undefined, digits = 1): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return "—";
  return `${(fraction * 100).toFixed(digits)}%`;
}

/** Parses a reviewer's amount ("1,234.50", "$600") into cents; null when it is not an amount. */
export function parseAmountToCents(text: string): number | null {
  const cleaned = text.trim().replace(/^\$/, "").replace(/,/g, "").trim();
  if (!/^\d{1,9}(\.\d{1,2})?$/.test(cleaned)) return null;
  const [whole, frac = ""] = cleaned.split(".");
  return Number(whole) * 100 + Number(frac.padEnd(2, "0"));
}

/** Cents as an editable amount: 60000 -> "600.00" */
export function centsToInput(cents: number): string {
  return (cents / 100).toFixed(2);
}

export const PRIORITY_LABELS: Readonly<Record<number, string>> = { 1: "Urgent", 2: "High", 3: "Normal", 4: "Low", 5: "Lowest" };

/** Time to a deadline: "2 h 10 min left", "overdue by 35 min". */
export function timeLeft(ms: number): string {
  return ms >= 0 ? `${age(ms)} left` : `overdue by ${age(-ms)}`;
}

/** A time of day for a lease ("14:05 UTC"), with the date when it is not today's. */
export function clockTime(value: number, now: number): string {
  const iso = new Date(value).toISOString();
  const time = `${iso.slice(11, 16)} UTC`;
  return iso.slice(0, 10) === new Date(now).toISOString().slice(0, 10) ? time : `${iso.slice(0, 10)} ${time}`;
}
