/**
 * `npm run update-bank-holidays -- [bank-holidays.json] [--until YEAR]`: rewrites
 * domain/bank-holidays.data.ts, the England and Wales bank holidays the reminders skip.
 *
 * - With a file: the JSON GOV.UK publishes at /bank-holidays.json (download it in a browser; the
 *   running system never fetches anything). Its England and Wales dates replace ours for every
 *   year it lists, one-off holidays included.
 * - Years after the last one announced are projected from the usual pattern (New Year's Day,
 *   Good Friday, Easter Monday, the first and last Mondays of May, the last Monday of August,
 *   Christmas Day and Boxing Day, each moved to the next weekday when it falls at a weekend),
 *   up to --until (default: ten years after the last announced year).
 *
 * Run it when GOV.UK announces a new year or a one-off holiday, review the diff, commit.
 */
import fs from 'node:fs';
import path from 'node:path';
import { BANK_HOLIDAYS, BANK_HOLIDAYS_ANNOUNCED_UNTIL, type BankHoliday } from '../domain/bank-holidays.data';

const target = path.resolve(__dirname, '..', 'domain', 'bank-holidays.data.ts');

const iso = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);
const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 Sunday .. 6 Saturday
const plusDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Easter Sunday (Gregorian calendar, the anonymous algorithm). */
function easter(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return iso(year, month, day);
}

function firstMonday(year: number, month: number): string {
  let date = iso(year, month, 1);
  while (weekday(date) !== 1) date = plusDays(date, 1);
  return date;
}

function lastMonday(year: number, month: number): string {
  let date = plusDays(iso(year, month + 1, 1), -1);
  while (weekday(date) !== 1) date = plusDays(date, -1);
  return date;
}

/** The usual England and Wales bank holidays of a year. */
export function projectedYear(year: number): BankHoliday[] {
  const newYear = iso(year, 1, 1);
  const newYearObserved = weekday(newYear) === 6 ? plusDays(newYear, 2) : weekday(newYear) === 0 ? plusDays(newYear, 1) : newYear;
  const christmas = iso(year, 12, 25);
  // Christmas on Saturday: Monday and Tuesday; on Sunday: Boxing Day Monday, Christmas Tuesday; on Friday: Boxing Day Monday.
  const [christmasObserved, boxingObserved] =
    weekday(christmas) === 6
      ? [plusDays(christmas, 2), plusDays(christmas, 3)]
      : weekday(christmas) === 0
        ? [plusDays(christmas, 2), plusDays(christmas, 1)]
        : weekday(christmas) === 5
          ? [christmas, plusDays(christmas, 3)]
          : [christmas, plusDays(christmas, 1)];
  const holidays: BankHoliday[] = [
    { date: newYearObserved, title: 'New Year’s Day' },
    { date: plusDays(easter(year), -2), title: 'Good Friday' },
    { date: plusDays(easter(year), 1), title: 'Easter Monday' },
    { date: firstMonday(year, 5), title: 'Early May bank holiday' },
    { date: lastMonday(year, 5), title: 'Spring bank holiday' },
    { date: lastMonday(year, 8), title: 'Summer bank holiday' },
    { date: christmasObserved, title: 'Christmas Day' },
    { date: boxingObserved, title: 'Boxing Day' },
  ];
  return holidays.sort((a, b) => a.date.localeCompare(b.date));
}

function fromGovUk(file: string): BankHoliday[] {
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, { events?: { date: string; title: string }[] }>;
  const events = json['england-and-wales']?.events;
  if (!events?.length) throw new Error(`${file} has no "england-and-wales" events: is it GOV.UK's bank-holidays.json?`);
  return events.map((e) => ({ date: e.date, title: e.title }));
}

function render(holidays: BankHoliday[], announcedUntil: number): string {
  const byYear = new Map<string, BankHoliday[]>();
  for (const h of holidays) byYear.set(h.date.slice(0, 4), [...(byYear.get(h.date.slice(0, 4)) ?? []), h]);
  const years = [...byYear.entries()].map(
    ([year, list]) =>
      `  // ${year}${Number(year) > announcedUntil ? ' (projected)' : ''}\n` +
      list.map((h) => `  { date: '${h.date}', title: '${h.title.replace(/'/g, "\\'")}' },`).join('\n'),
  );
  return `/**
 * England and Wales bank holidays: reminders due on one of these days go out on the working day
 * before. Written by scripts/update-bank-holidays.ts (see there, and docs/domain.md, for how to
 * update it); years after BANK_HOLIDAYS_ANNOUNCED_UNTIL follow the usual pattern until GOV.UK
 * announces them. Data only: no network call.
 */
export interface BankHoliday {
  date: string;
  title: string;
}

/** The last year whose dates come from GOV.UK's announcement rather than the usual pattern. */
export const BANK_HOLIDAYS_ANNOUNCED_UNTIL = ${announcedUntil};

export const BANK_HOLIDAYS: readonly BankHoliday[] = [
${years.join('\n')}
];
`;
}

function main() {
  const args = process.argv.slice(2);
  const untilIndex = args.indexOf('--until');
  const until = untilIndex >= 0 ? Number(args.splice(untilIndex, 2)[1]) : undefined;
  const file = args[0];
  const announced = file ? fromGovUk(file) : [];
  const announcedYears = new Set(announced.map((h) => Number(h.date.slice(0, 4))));
  const announcedUntil = Math.max(BANK_HOLIDAYS_ANNOUNCED_UNTIL, ...announcedYears);
  const lastYear = until ?? announcedUntil + 10;
  const kept = BANK_HOLIDAYS.filter((h) => {
    const year = Number(h.date.slice(0, 4));
    return !announcedYears.has(year) && year <= BANK_HOLIDAYS_ANNOUNCED_UNTIL;
  });
  const projected: BankHoliday[] = [];
  for (let year = announcedUntil + 1; year <= lastYear; year++) projected.push(...projectedYear(year));
  const all = [...kept, ...announced, ...projected].sort((a, b) => a.date.localeCompare(b.date));
  fs.writeFileSync(target, render(all, announcedUntil));
  console.log(`wrote ${path.relative(process.cwd(), target)}: ${all.length} dates to ${lastYear} (announced to ${announcedUntil})`);
}

if (require.main === module) main();
