/**
 * The typed spreadsheet cell (XLSX) for a cell of an export's CSV: a column named a number or a
 * date holds a number or a date when its text is exactly one (read back, it gives the same text),
 * anything else stays the text it was. Cells are never formulas: text is text, whatever it starts
 * with, so the CSV's formula prefix (csvSafe) is not needed and not added.
 */

/** How a spreadsheet holds a column: text unless an export names it a number or a date. */
export type ExportCellKind = 'number' | 'date';

/** A calendar date (London, as the CSV gives it) shown as one. */
export const DATE_FORMAT = 'yyyy-mm-dd';
/** An instant, shown in UTC as the CSV's ISO text is. */
export const INSTANT_FORMAT = 'yyyy-mm-dd hh:mm:ss';

export interface SpreadsheetCell {
  value: string | number | Date | null;
  numFmt?: string;
}

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

function asDate(text: string): SpreadsheetCell | undefined {
  if (CALENDAR_DATE.test(text)) {
    const day = new Date(`${text}T00:00:00.000Z`);
    return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(text) ? { value: day, numFmt: DATE_FORMAT } : undefined;
  }
  const instant = new Date(text);
  return !Number.isNaN(instant.getTime()) && instant.toISOString() === text ? { value: instant, numFmt: INSTANT_FORMAT } : undefined;
}

function asNumber(text: string): SpreadsheetCell | undefined {
  const number = Number(text);
  // Only where nothing is lost: an id beyond 15 digits, or "007", stays text.
  return Number.isFinite(number) && Math.abs(number) <= Number.MAX_SAFE_INTEGER && String(number) === text ? { value: number } : undefined;
}

/** The cell for `text` in a column of `kind`; an empty text is an empty cell. */
export function spreadsheetCell(kind: ExportCellKind | undefined, text: string): SpreadsheetCell {
  if (text === '') return { value: null };
  const typed = kind === 'number' ? asNumber(text) : kind === 'date' ? asDate(text) : undefined;
  return typed ?? { value: text };
}
