/**
 * Figures from a spreadsheet: CSV records (already parsed, header → cell) to the rows of a PUT
 * body, checked with the very schemas the API validates with, and every problem named by line
 * and column. Used by the admin command line and the upload page alike, so both refuse the same
 * files in the same words. All or nothing: callers send the rows only when there is no problem.
 */
import { FIGURE_BODIES, FIGURE_ROWS, FIGURE_VALUE, type FigureKind } from './schemas';

export interface CsvRecord {
  /** The line of the file the record starts on (the header is line 1). */
  line: number;
  cells: Record<string, string>;
}

export interface CsvProblem {
  line: number;
  column: string;
  message: string;
}

export interface CsvLookups {
  /** An organisation named by id, ODS code or name: its id, or why there is none. */
  organisation(value: string): { id: string } | { message: string };
  professions: ReadonlySet<string>;
}

/** The columns of each kind; `organisation` may also be written `organisationId`. */
export const CSV_COLUMNS: Record<FigureKind, readonly string[]> = {
  workforce: ['organisation', 'profession', 'wte'],
  'required-weeks': ['profession', 'weeks'],
  'offered-weeks': ['organisation', 'profession', 'weeks'],
};

const ALIASES: Record<string, string> = { organisationid: 'organisation', organisation: 'organisation' };

/** "12.5" → 12.5; anything else stays text, for the schema to refuse in its own words. */
function numberOrText(value: string): number | string {
  return /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value;
}

export function figureRowsFromCsv(
  kind: FigureKind,
  records: readonly CsvRecord[],
  lookups: CsvLookups,
): { rows: Record<string, unknown>[]; problems: CsvProblem[] } {
  const problems: CsvProblem[] = [];
  const rows: Record<string, unknown>[] = [];
  const expected = CSV_COLUMNS[kind];
  const valueColumn = FIGURE_VALUE[kind];
  if (records.length === 0) return { rows, problems: [{ line: 1, column: '(file)', message: 'has no rows of figures' }] };

  const headers = Object.keys(records[0]!.cells).map((header) => ALIASES[header.trim().toLowerCase()] ?? header.trim());
  const missing = expected.filter((column) => !headers.includes(column));
  const unknown = headers.filter((header) => !expected.includes(header));
  if (missing.length || unknown.length) {
    const message = [
      missing.length ? `missing column ${missing.join(', ')}` : '',
      unknown.length ? `unknown column ${unknown.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join('; ');
    return { rows, problems: [{ line: 1, column: '(header)', message: `${message} (expected: ${expected.join(',')})` }] };
  }

  const lineOfRow: number[] = [];
  for (const record of records) {
    const cells = Object.fromEntries(
      Object.entries(record.cells).map(([header, value]) => [ALIASES[header.trim().toLowerCase()] ?? header.trim(), value.trim()]),
    );
    const row: Record<string, unknown> = {
      profession: cells.profession?.toLowerCase(),
      [valueColumn]: numberOrText(cells[valueColumn] ?? ''),
    };
    if (cells[valueColumn] === '') row[valueColumn] = undefined;
    const rowProblems: CsvProblem[] = [];
    if ('organisation' in cells) {
      const found = cells.organisation ? lookups.organisation(cells.organisation) : { message: 'is empty' };
      if ('id' in found) row.organisationId = found.id;
      else rowProblems.push({ line: record.line, column: 'organisation', message: found.message });
    }
    const parsed = FIGURE_ROWS[kind].safeParse(row);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const column = String(issue.path[0] ?? '(row)');
        if (column === 'organisationId' && rowProblems.length) continue; // already said why
        rowProblems.push({ line: record.line, column: column === 'organisationId' ? 'organisation' : column, message: issue.message });
      }
    } else if (!lookups.professions.has(parsed.data.profession)) {
      rowProblems.push({ line: record.line, column: 'profession', message: `no profession "${parsed.data.profession}"` });
    }
    problems.push(...rowProblems);
    if (rowProblems.length === 0 && parsed.success) {
      rows.push(parsed.data as Record<string, unknown>);
      lineOfRow.push(record.line);
    }
  }

  // What the body as a whole refuses (the same figure twice), named by the lines involved.
  const body = FIGURE_BODIES[kind].safeParse({ rows });
  if (!body.success) {
    for (const issue of body.error.issues) {
      const index = typeof issue.path[1] === 'number' ? issue.path[1] : -1;
      const message = issue.message.replace(/rows\[(\d+)\]/, (_, earlier: string) => `line ${lineOfRow[Number(earlier)]}`);
      problems.push({ line: lineOfRow[index] ?? 1, column: '(row)', message });
    }
  }
  return { rows, problems: problems.sort((a, b) => a.line - b.line) };
}
