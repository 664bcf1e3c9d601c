/**
 * Rule C1: conversion to USD with a fixed table, in integers only.
 *
 * Rates are kept in ten-thousandths of a dollar per unit (1.08 -> 10800), the
 * amount in cents, so `cents x rate` is an exact integer and one integer
 * division by 10 000 with rounding half away from zero gives USD cents. No
 * floating-point multiplication of money ever happens (10.25 EUR is 1025 x
 * 10800 = 11 070 000 -> 1107 cents, exactly $11.07).
 */

export const USD_RATES_E4 = {
  USD: 10_000,
  EUR: 10_800,
  GBP: 12_700,
  CHF: 11_300,
  CAD: 7_300,
  JPY: 67,
} as const;

export type SupportedCurrency = keyof typeof USD_RATES_E4;
export const SUPPORTED_CURRENCIES = Object.keys(USD_RATES_E4) as SupportedCurrency[];

const RATE_SCALE = 10_000;

export function isSupportedCurrency(code: string): code is SupportedCurrency {
  return Object.hasOwn(USD_RATES_E4, code);
}

/**
 * Integer cents of an amount that has at most 2 decimals (guaranteed by the
 * schema). `amount * 100` is within a tiny error of an integer for such
 * values, so rounding recovers the exact cents.
 */
export function amountToCents(amount: number): number {
  if (!Number.isFinite(amount)) throw new RangeError(`amount is not finite: ${amount}`);
  const cents = Math.round(amount * 100);
  if (!Number.isSafeInteger(cents)) throw new RangeError(`amount out of range: ${amount}`);
  return cents;
}

/** `numerator / denominator` for integers, rounded half away from zero. */
export function divideRoundHalfAwayFromZero(numerator: number, denominator: number): number {
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || denominator <= 0) {
    throw new RangeError("integer division needs safe integers and a positive denominator");
  }
  const sign = numerator < 0 ? -1 : 1;
  const n = Math.abs(numerator);
  const quotient = Math.floor(n / denominator);
  const remainder = n - quotient * denominator;
  const rounded = remainder * 2 >= denominator ? quotient + 1 : quotient;
  return sign < 0 && rounded !== 0 ? -rounded : rounded;
}

/** USD cents of an amount in a currency, or null when the currency is not in the table. */
export function toUsdCents(amount: number, currency: string): number | null {
  if (!isSupportedCurrency(currency)) return null;
  const product = amountToCents(amount) * USD_RATES_E4[currency];
  if (!Number.isSafeInteger(product)) throw new RangeError(`amount too large to convert: ${amount}`);
  return divideRoundHalfAwayFromZero(product, RATE_SCALE);
}

/** `$1,234.56` from integer cents. */
export function formatUsd(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  const dollars = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${sign}$${dollars}.${String(abs % 100).padStart(2, "0")}`;
}

/** `EUR 1,234.50` for an amount in its own currency. */
export function formatAmount(amount: number, currency: string): string {
  const cents = amountToCents(amount);
  return `${currency} ${formatUsd(cents).replace("$", "")}`;
}
