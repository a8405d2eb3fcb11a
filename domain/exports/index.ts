/**
 * Exports for those who work in spreadsheets (docs/reports.md, "Exports"): the list filters each
 * export takes, its columns, and the records of one EOI (a row per candidate), one spoke
 * application (a row per evidence item) and one audit event, and which columns a spreadsheet holds
 * as numbers or dates (cells.ts). Pure: api/services/exports.ts streams the rows, as CSV
 * (neutralising formula cells with csvSafe) or as XLSX (typed cells, never formulas).
 */
import { z } from 'zod';
import { EoiStatusSchema, type EoiView } from '../eoi/schemas';
import { CalendarDateSchema, IdSchema } from '../reference-data';
import { RoleSchema, type Role } from '../roles';
import { auditRecordFor } from '../audit-visibility';
import { SpokeStatusSchema, type SpokeView } from '../spoke-accreditation/schemas';
import type { ExportCellKind } from './cells';

export * from './cells';

/** The columns of an export a spreadsheet holds as numbers or dates; the others are text. */
export type ExportCellKinds<Column extends string> = Partial<Record<Column, ExportCellKind>>;

export const EoiExportQuery = z
  .strictObject({
    status: EoiStatusSchema.optional(),
    intakeId: IdSchema.optional(),
    universityId: IdSchema.optional(),
    organisationId: IdSchema.optional(),
  })
  .meta({ id: 'EoiExportQuery' });

export const SpokeExportQuery = z
  .strictObject({ status: SpokeStatusSchema.optional(), hubId: IdSchema.optional(), practiceId: IdSchema.optional() })
  .meta({ id: 'SpokeApplicationExportQuery' });

export const AuditExportQuery = z
  .strictObject({
    subjectId: z.string().min(1).max(200).optional(),
    subjectType: z.string().min(1).max(64).optional(),
    actorId: IdSchema.optional(),
    actorRole: RoleSchema.optional(),
    action: z.string().min(1).max(100).optional().meta({ example: 'eoi.funded' }),
    from: CalendarDateSchema.optional().meta({ description: 'Events on or after this London date' }),
    to: CalendarDateSchema.optional().meta({ description: 'Events on or before this London date' }),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['to'], message: 'must not be before from' })
  .meta({ id: 'AuditEventExportQuery' });
export type AuditExportQuery = z.infer<typeof AuditExportQuery>;

const text = (value: unknown) => (value === undefined || value === null ? '' : String(value));

export const EOI_EXPORT_COLUMNS = [
  'eoiId',
  'status',
  'organisationId',
  'organisationName',
  'universityId',
  'universityName',
  'intakeId',
  'programmeId',
  'serviceType',
  'pathway',
  'placesRequested',
  'allocatedPlaces',
  'waitlistPosition',
  'submittedAt',
  'confirmationDueAt',
  'contactName',
  'contactEmail',
  'candidateId',
  'candidateName',
  'candidateEmail',
  'candidateCurrentRole',
  'candidateOutcome',
  'candidateConfirmedAt',
  'candidateSignedBy',
] as const;

export const EOI_EXPORT_CELL_KINDS: ExportCellKinds<(typeof EOI_EXPORT_COLUMNS)[number]> = {
  placesRequested: 'number',
  allocatedPlaces: 'number',
  waitlistPosition: 'number',
  submittedAt: 'date',
  confirmationDueAt: 'date',
  candidateConfirmedAt: 'date',
};

/** One row per candidate; an EOI with none has one row with the candidate cells empty. */
export function eoiExportRecords(view: EoiView, names: { organisation?: string; university?: string }): string[][] {
  const eoi = [
    view.id,
    view.status,
    view.organisationId,
    text(names.organisation),
    view.universityId,
    text(names.university),
    view.intakeId,
    view.programmeId,
    view.serviceType,
    text(view.pathway),
    text(view.placesRequested),
    text(view.allocatedPlaces),
    text(view.waitlistPosition),
    view.submittedAt,
    text(view.confirmationDueAt),
    view.contact.name,
    view.contact.email,
  ];
  if (view.candidates.length === 0) return [[...eoi, '', '', '', '', '', '', '']];
  return view.candidates.map((c) => [
    ...eoi,
    c.id,
    c.name,
    c.email,
    c.currentRole,
    text(c.outcome),
    text(c.confirmation?.confirmedAt),
    text(c.confirmation?.signedBy),
  ]);
}

export const SPOKE_EXPORT_COLUMNS = [
  'applicationId',
  'status',
  'cycle',
  'practiceId',
  'practiceName',
  'hubId',
  'hubName',
  'accreditedAt',
  'accreditedUntil',
  'evidenceDueAt',
  'nextDeadlineAction',
  'nextDeadlineDueAt',
  'criterionCode',
  'criterionTitle',
  'evidenceStatus',
  'evidenceSubmittedAt',
] as const;

export const SPOKE_EXPORT_CELL_KINDS: ExportCellKinds<(typeof SPOKE_EXPORT_COLUMNS)[number]> = {
  cycle: 'number',
  accreditedAt: 'date',
  accreditedUntil: 'date',
  evidenceDueAt: 'date',
  nextDeadlineDueAt: 'date',
  evidenceSubmittedAt: 'date',
};

/** One row per evidence item of the current cycle; an application with none has one row. */
export function spokeExportRecords(view: SpokeView): string[][] {
  const application = [
    view.id,
    view.status,
    text(view.cycle),
    view.practiceId,
    view.practiceName,
    view.hubId,
    view.hubName,
    text(view.accreditedAt),
    text(view.accreditedUntil),
    text(view.evidenceDueAt),
    text(view.nextDeadline?.action),
    text(view.nextDeadline?.dueAt),
  ];
  if (view.evidence.length === 0) return [[...application, '', '', '', '']];
  return view.evidence.map((e) => [...application, e.criterionCode, e.title, e.status, text(e.submittedAt)]);
}

export const AUDIT_EXPORT_COLUMNS = [
  'id',
  'at',
  'actorId',
  'actorRole',
  'action',
  'subjectType',
  'subjectId',
  'comment',
  'requestId',
  'before',
  'after',
] as const;

export const AUDIT_EXPORT_CELL_KINDS: ExportCellKinds<(typeof AUDIT_EXPORT_COLUMNS)[number]> = { id: 'number', at: 'date' };

/** An audit event as the database holds it (ids are BigInt). */
export interface AuditEventRow {
  id: bigint;
  at: Date;
  actorId: string;
  actorRole: string;
  action: string;
  subjectType: string;
  subjectId: string;
  comment: string | null;
  requestId: string | null;
  before: unknown;
  after: unknown;
}

/** One audit event as a CSV row, its records as this reader may see them (domain/audit-visibility.ts). */
export function auditExportRecord(event: AuditEventRow, reader: Role): string[] {
  const json = (value: unknown) => (value === null || value === undefined ? '' : JSON.stringify(value));
  return [
    event.id.toString(),
    event.at.toISOString(),
    event.actorId,
    event.actorRole,
    event.action,
    event.subjectType,
    event.subjectId,
    text(event.comment),
    text(event.requestId),
    json(auditRecordFor(reader, event.subjectType, event.before)),
    json(auditRecordFor(reader, event.subjectType, event.after)),
  ];
}
