/**
 * An academic year, the period fair-share figures are kept for: "2025-26", two consecutive years
 * written YYYY-YY. The start year orders periods.
 */
import { z } from 'zod';

const PERIOD_PATTERN = /^(\d{4})-(\d{2})$/;

/** True for "2025-26" and "1999-00"; false for "2025-27", "2025-2026", "25-26". */
export function isPeriod(value: string): boolean {
  const match = PERIOD_PATTERN.exec(value);
  if (!match) return false;
  return (Number(match[1]) + 1) % 100 === Number(match[2]);
}

/** The year the period starts in: 2025 for "2025-26". */
export function periodStartYear(period: string): number {
  return Number(period.slice(0, 4));
}

/** The period starting in a year: "2025-26" for 2025. */
export function periodStartingIn(year: number): string {
  return `${year}-${String((year + 1) % 100).padStart(2, '0')}`;
}

/** Oldest first. */
export function comparePeriods(a: string, b: string): number {
  return periodStartYear(a) - periodStartYear(b);
}

export const PeriodSchema = z
  .string()
  .refine(isPeriod, 'an academic year written YYYY-YY with consecutive years, such as 2025-26')
  .meta({ id: 'Period', example: '2025-26' });
