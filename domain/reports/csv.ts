/**
 * The reports for spreadsheets: one row per intake (or hub), then one for all of them ("all" in
 * the id column). Columns are the API's field paths ("eois.submitted", "expiring.within3Months").
 */
import type { FunnelFigures } from './commissioning-funnel';
import { emptyFunnel } from './commissioning-funnel';
import { emptyAccreditation, type AccreditationFigures } from './accreditation';
import type { AccreditationReport, CommissioningReport } from './schemas';

/** Every leaf of the figures as [path, value], in the order of the figures' fields. */
export function leaves(value: unknown, prefix = ''): [string, unknown][] {
  if (value === null || typeof value !== 'object') return [[prefix, value]];
  return Object.entries(value).flatMap(([key, child]) => leaves(child, prefix ? `${prefix}.${key}` : key));
}

export const FUNNEL_CSV_COLUMNS: readonly string[] = leaves(emptyFunnel()).map(([path]) => path);
export const COMMISSIONING_CSV_COLUMNS = ['intakeId', 'programmeName', 'startsOn', ...FUNNEL_CSV_COLUMNS] as const;

function figureCells(figures: FunnelFigures): string[] {
  const values = new Map(leaves(figures));
  return FUNNEL_CSV_COLUMNS.map((path) => cell(values.get(path)));
}

/** A figure as a cell: null (not measured) is an empty cell. */
const cell = (value: unknown) => (value === null || value === undefined ? '' : String(value));

/** The rows without the header; null values are empty cells. */
export function commissioningCsvRecords(report: CommissioningReport): string[][] {
  return [
    ...report.intakes.map((intake) => [intake.intakeId, intake.programmeName, intake.startsOn, ...figureCells(intake.figures)]),
    ['all', '', '', ...figureCells(report.total)],
  ];
}

export const ACCREDITATION_CSV_COLUMNS = ['hubId', 'hubName', ...leaves(emptyAccreditation()).map(([path]) => path)] as const;

/** One row per hub, then one with hubId "all" for the total. */
export function accreditationCsvRecords(report: AccreditationReport): string[][] {
  const row = (figures: AccreditationFigures) => leaves(figures).map(([, value]) => cell(value));
  return [...report.hubs.map((hub) => [hub.hubId, hub.hubName, ...row(hub.figures)]), ['all', '', ...row(report.total)]];
}
