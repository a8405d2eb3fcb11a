/**
 * The commissioning report for spreadsheets: one row per intake, then one for all of them
 * ("all" in intakeId). Columns are the API's field paths ("eois.submitted", "places.released.givenBack").
 */
import type { FunnelFigures } from './commissioning-funnel';
import { emptyFunnel } from './commissioning-funnel';
import type { CommissioningReport } from './schemas';

/** Every leaf of the figures as [path, value], in the order of the figures' fields. */
function leaves(value: unknown, prefix = ''): [string, unknown][] {
  if (value === null || typeof value !== 'object') return [[prefix, value]];
  return Object.entries(value).flatMap(([key, child]) => leaves(child, prefix ? `${prefix}.${key}` : key));
}

export const FUNNEL_CSV_COLUMNS: readonly string[] = leaves(emptyFunnel()).map(([path]) => path);
export const COMMISSIONING_CSV_COLUMNS = ['intakeId', 'programmeName', 'startsOn', ...FUNNEL_CSV_COLUMNS] as const;

function figureCells(figures: FunnelFigures): string[] {
  const values = new Map(leaves(figures));
  return FUNNEL_CSV_COLUMNS.map((path) => {
    const value = values.get(path);
    return value === null || value === undefined ? '' : String(value);
  });
}

/** The rows without the header; null values are empty cells. */
export function commissioningCsvRecords(report: CommissioningReport): string[][] {
  return [
    ...report.intakes.map((intake) => [intake.intakeId, intake.programmeName, intake.startsOn, ...figureCells(intake.figures)]),
    ['all', '', '', ...figureCells(report.total)],
  ];
}
