import {
  AUDIT_EXPORT_CELL_KINDS,
  AUDIT_EXPORT_COLUMNS,
  DATE_FORMAT,
  EOI_EXPORT_CELL_KINDS,
  EOI_EXPORT_COLUMNS,
  INSTANT_FORMAT,
  SPOKE_EXPORT_CELL_KINDS,
  SPOKE_EXPORT_COLUMNS,
  spreadsheetCell,
} from '../../domain/exports';

describe('export cells: a spreadsheet holds numbers and dates as such, everything else as text', () => {
  it('makes a number of a number column’s integer text', () => {
    expect(spreadsheetCell('number', '42')).toEqual({ value: 42 });
    expect(spreadsheetCell('number', '-3')).toEqual({ value: -3 });
  });

  it('keeps as text what a number would change: leading zeros, beyond 15 digits, not a number', () => {
    for (const text of ['007', '12345678901234567890', '1e3', 'two', ' 4'])
      expect(spreadsheetCell('number', text)).toEqual({ value: text });
  });

  it('makes dates of a date column’s instants and calendar dates, read back to the same text', () => {
    const instant = spreadsheetCell('date', '2026-03-29T00:30:00.000Z');
    expect(instant).toEqual({ value: new Date('2026-03-29T00:30:00.000Z'), numFmt: INSTANT_FORMAT });
    expect((instant.value as Date).toISOString()).toBe('2026-03-29T00:30:00.000Z');
    expect(spreadsheetCell('date', '2026-10-25')).toEqual({ value: new Date('2026-10-25T00:00:00.000Z'), numFmt: DATE_FORMAT });
  });

  it('keeps as text a date column’s text that is no exact date', () => {
    for (const text of ['2026-02-30', '2026-03-29T00:30:00Z', 'tomorrow', '2026-13-01'])
      expect(spreadsheetCell('date', text)).toEqual({ value: text });
  });

  it('keeps text as text, formula-looking or not, and never prefixes it', () => {
    for (const text of ['=SUM(A1)', '+44', '-1', '@me', 'plain', '12']) expect(spreadsheetCell(undefined, text)).toEqual({ value: text });
  });

  it('leaves an empty cell empty, whatever the column', () => {
    for (const kind of ['number', 'date', undefined] as const) expect(spreadsheetCell(kind, '')).toEqual({ value: null });
  });

  it('names only columns each export has', () => {
    const named: [readonly string[], object][] = [
      [EOI_EXPORT_COLUMNS, EOI_EXPORT_CELL_KINDS],
      [SPOKE_EXPORT_COLUMNS, SPOKE_EXPORT_CELL_KINDS],
      [AUDIT_EXPORT_COLUMNS, AUDIT_EXPORT_CELL_KINDS],
    ];
    for (const [columns, kinds] of named) expect(Object.keys(kinds).filter((column) => !columns.includes(column))).toEqual([]);
  });
});
