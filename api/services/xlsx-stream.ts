/**
 * An export's records as an XLSX workbook of one sheet, streamed: exceljs's streaming writer
 * commits each row as it is read, and reading waits while the answer is not being taken (a slow
 * download holds at most about a page of rows). A header row, bold and frozen; typed cells
 * (domain/exports/cells.ts), never formulas.
 */
import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { type ExportCellKinds, spreadsheetCell } from '../../domain/exports';

/** Resolves once `out` takes writes again; false when it has closed (the client went away). */
async function roomIn(out: PassThrough): Promise<boolean> {
  if (out.destroyed) return false;
  if (!out.writableNeedDrain) return true;
  await Promise.race([once(out, 'drain'), once(out, 'close')]);
  return !out.destroyed;
}

export function xlsxStream(
  sheetName: string,
  columns: readonly string[],
  kinds: ExportCellKinds<string>,
  records: AsyncIterable<string[]>,
): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  const columnKinds = columns.map((column) => kinds[column]);

  async function write() {
    const header = sheet.addRow([...columns]);
    header.font = { bold: true };
    header.commit();
    for await (const record of records) {
      if (!(await roomIn(out))) return;
      const row = sheet.addRow([]);
      record.forEach((text, index) => {
        const { value, numFmt } = spreadsheetCell(columnKinds[index], text);
        if (value === null) return;
        const cell = row.getCell(index + 1);
        cell.value = value;
        if (numFmt) cell.numFmt = numFmt;
      });
      row.commit();
    }
    sheet.commit();
    await workbook.commit();
  }
  write().catch((error: Error) => out.destroy(error));
  return out;
}
