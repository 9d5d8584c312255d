import { locale } from '../lib/i18n.svelte';

// How the survey pages write days and figures, in the page's language.

/** "1. december 2026" from YYYY-MM-DD (or an ISO time, by its day). */
export const day = (iso: string): string =>
  new Date(`${iso.slice(0, 10)}T12:00:00Z`).toLocaleDateString(locale(), { dateStyle: 'long', timeZone: 'UTC' });

/** A share 0–1 as "58 %". */
export const percent = (share: number): string =>
  share.toLocaleString(locale(), { style: 'percent', maximumFractionDigits: 0 });

/** An index or mean with one decimal: "3,9". */
export const decimal = (n: number): string =>
  n.toLocaleString(locale(), { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** A change with its sign: "+0,3", "−0,2", "0,0" (a true minus sign, which screen readers say). */
export function signed(n: number, digits = 1): string {
  const rounded = Number(n.toFixed(digits));
  const text = Math.abs(rounded).toLocaleString(locale(), {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  return rounded > 0 ? `+${text}` : rounded < 0 ? `−${text}` : text;
}

/** YYYY-MM-DD a number of days after another. */
export const addDays = (iso: string, days: number): string =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
