/**
 * Calendar and duration arithmetic shared by workflows and the API. Pure: no clock reads, so
 * it is safe inside the workflow bundle.
 */

export const DAY_MS = 24 * 60 * 60 * 1000;

export interface IsoDuration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const DURATION = /^P(?!$)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

export function isIsoDuration(value: string): boolean {
  return DURATION.test(value);
}

export function parseIsoDuration(value: string): IsoDuration {
  const match = DURATION.exec(value);
  if (!match) throw new RangeError(`Not an ISO 8601 duration: ${value}`);
  const n = (i: number) => Number(match[i] ?? 0);
  return { years: n(1), months: n(2), weeks: n(3), days: n(4), hours: n(5), minutes: n(6), seconds: n(7) };
}

/** Adds a duration to an instant; years and months follow the UTC calendar. */
export function addDuration(from: Date, duration: IsoDuration | string): Date {
  const d = typeof duration === 'string' ? parseIsoDuration(duration) : duration;
  const result = addMonths(from, d.years * 12 + d.months);
  const ms = ((d.weeks * 7 + d.days) * 24 * 60 * 60 + d.hours * 3600 + d.minutes * 60 + d.seconds) * 1000;
  return new Date(result.getTime() + ms);
}

/** Adds calendar months, clamping to the last day of a shorter month (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(from: Date, months: number): Date {
  const result = new Date(from.getTime());
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, lastDay));
  return result;
}

export function addDays(from: Date, days: number): Date {
  return new Date(from.getTime() + days * DAY_MS);
}

/** A calendar date `YYYY-MM-DD` as midnight UTC. */
export function parseCalendarDate(value: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) throw new RangeError(`Not a calendar date: ${value}`);
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (date.toISOString().slice(0, 10) !== value) throw new RangeError(`Not a calendar date: ${value}`);
  return date;
}

export function formatCalendarDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function isCalendarDate(value: string): boolean {
  try {
    parseCalendarDate(value);
    return true;
  } catch {
    return false;
  }
}
