/**
 * Documents attached to a spoke application's evidence items, and the supporting documents of EOIs
 * and applications (api/services/supporting-documents.ts): the one service behind the API
 * (api/routes/documents.ts) and the pages. The bytes go to the document store
 * (db/document-store.ts) in the same transaction as the attachment row and its audit event; the
 * workflow never sees them. Who may attach is the evidence action's rule (the state, the role,
 * the scope, the item still open): domain/spoke-accreditation/policy.ts.
 */
import { appendAudit } from '../../db/audit';
import { createDocumentStore } from '../../db/document-storage';
import { type DocumentStore, releaseUnreferenced, sha256Of } from '../../db/document-store';
import {
  checkDocument,
  checkDocumentCount,
  checkDocumentRemoval,
  DOCUMENT_FIELD,
  type DocumentRefusal,
  refusalWords,
  type DocumentView,
  roundForNewDocument,
  sanitiseFileName,
  type DocumentMediaType,
  heldWords,
  infectedRefusal,
  type ScanStatus,
} from '../../domain/documents';
import { virusScannerFor } from '../../virus-scan/clamd';
import type { Actor, Role } from '../../domain/roles';
import { EOI_READERS } from '../../domain/eoi/policy';
import { checkAction, isSubmittable, SPOKE_READERS, type SpokeView } from '../../domain/spoke-accreditation';
import type { ApiDeps } from '../deps';
import { idFromIdempotencyKey } from '../http/idempotency';
import { notFound, ProblemError } from '../http/problem';
import { newId } from '../routes/ids';
import { loadEoiInScope } from './eois';
import { loadSpokeInScope, type StoredSpoke } from './spoke-applications';

const SUBJECT = 'spoke_application';

type FileTypeModule = typeof import('file-type', { with: { 'resolution-mode': 'import' } });
let fileTypeModule: Promise<FileTypeModule> | undefined;
// file-type is an ES module: loaded on first use from this CommonJS code.
const fileType = () => (fileTypeModule ??= import('file-type'));

/** The type the bytes are (magic numbers, and the entries of a zip for the office formats), or undefined. */
export async function detectType(bytes: Uint8Array): Promise<string | undefined> {
  if (bytes.byteLength === 0) return undefined;
  const { fileTypeFromBuffer } = await fileType();
  return (await fileTypeFromBuffer(bytes))?.mime;
}

const stores = new WeakMap<ApiDeps['db'], DocumentStore>();

/** The store documents' bytes are in (DOCUMENT_STORE): one per database, built on first use. */
export function documentStore(deps: Pick<ApiDeps, 'db' | 'config'>): DocumentStore {
  let store = stores.get(deps.db);
  if (!store) stores.set(deps.db, (store = createDocumentStore(deps.config.documentStorage, deps.db.prisma)));
  return store;
}

export interface UploadedFile {
  originalname: string;
  size: number;
  buffer: Buffer;
}

type AttachmentRow = {
  id: string;
  scanStatus: string;
  sha256: string;
  itemKey: string;
  round: number;
  fileName: string;
  mediaType: string;
  size: number;
  uploadedById: string;
  uploadedByName: string;
  uploadedAt: Date;
  removedAt?: Date | null;
};

export const toView = (row: AttachmentRow): DocumentView => ({
  id: row.id,
  fileName: row.fileName,
  mediaType: row.mediaType,
  size: row.size,
  sha256: row.sha256,
  round: row.round,
  uploadedBy: { userId: row.uploadedById, name: row.uploadedByName },
  uploadedAt: row.uploadedAt.toISOString(),
  href: `/api/documents/${row.id}`,
  scanStatus: row.scanStatus as ScanStatus,
});

/** One refusal per refused file, as a problem naming each file and why; nothing is stored. */
function refusalProblem(refusals: DocumentRefusal[]): ProblemError {
  const words = refusals.map(refusalWords);
  return new ProblemError(refusals[0]!.status, `Not attached: ${words.join('; ')}`, {
    errors: words.map((message) => ({ path: DOCUMENT_FIELD, message })),
  });
}

/**
 * The evidence item a path names and whether the actor may change its files now (the evidence
 * action's rules). `doing` prefixes the refusal ("Cannot remove “plan.pdf”: ...") when given.
 */
function openEvidenceItem(view: SpokeView, actor: Actor, criterionCode: string, doing?: string) {
  const item = view.evidence.find((e) => e.criterionCode === criterionCode);
  if (!item) throw notFound('Criterion');
  const refusal = checkAction(view, actor, 'evidence');
  if (refusal) {
    // A state in which nobody may change the evidence, in the words of what was being done.
    const detail =
      doing && refusal.status === 409 ? `${doing}: the evidence cannot change while the application is ${view.status}` : refusal.detail;
    throw new ProblemError(refusal.status, detail, { extensions: { state: refusal.state, allowedActions: refusal.allowedActions } });
  }
  if (!isSubmittable(view, item)) {
    const why = `${item.criterionCode} is already ${item.status}: its files cannot change`;
    throw new ProblemError(409, doing ? `${doing}: ${why}` : why, { extensions: { state: view.status } });
  }
  return item;
}

const itemWhere = (spokeId: string, criterionCode: string) => ({ subjectType: SUBJECT, subjectId: spokeId, itemKey: criterionCode });

/** The item's current review round: the one a new file joins (removed files count: their round was what it was). */
async function currentRound(prisma: ApiDeps['db']['prisma'], item: SpokeView['evidence'][number], spokeId: string): Promise<number> {
  const latest = await prisma.documentAttachment.findFirst({
    where: itemWhere(spokeId, item.criterionCode),
    orderBy: [{ round: 'desc' }, { uploadedAt: 'desc' }],
  });
  return roundForNewDocument(item, latest ?? undefined);
}

/** Where files go: a subject (an application, an EOI), its item and round, and how the audit names them. */
export interface AttachmentTarget {
  subjectType: 'spoke_application' | 'eoi';
  subjectId: string;
  itemKey: string;
  round: number;
  /** What the audit event says of the item (the criterion and round of evidence), beside each file. */
  auditItem: Record<string, unknown>;
  /** The count rule in words, `{n}` the limit (checkDocumentCount). */
  countRule?: string;
}

/**
 * Stores files on a target the caller has checked the actor may change: every file is checked
 * (type from its bytes, size, not empty) and the target's count, before any is stored; then the
 * bytes, the attachments and their audit events (document.attached) are written in one transaction.
 */
export async function attachFiles(
  deps: ApiDeps,
  actor: Actor,
  target: AttachmentTarget,
  files: readonly UploadedFile[],
  requestId: string,
  idempotencyKey?: string,
): Promise<DocumentView[]> {
  // With an Idempotency-Key each file's id is derived from it: a retry whose first attempt was
  // stored but whose answer was lost (the API crashed before remembering it) finds those rows.
  const ids = files.map((_, position) =>
    idempotencyKey ? `doc_${idFromIdempotencyKey(actor.userId, idempotencyKey, `doc ${position}`)}` : newId('doc'),
  );
  if (idempotencyKey && ids.length) {
    const earlier = await deps.db.prisma.documentAttachment.findMany({ where: { id: { in: ids } }, orderBy: { position: 'asc' } });
    if (earlier.length) return earlier.map(toView);
  }
  if (files.length === 0) {
    throw new ProblemError(400, 'Choose at least one file to attach', {
      errors: [{ path: DOCUMENT_FIELD, message: 'choose at least one file to attach' }],
    });
  }
  const limits = deps.config.documentLimits;
  const checked = await Promise.all(
    files.map(async (file) => {
      const detectedType = await detectType(file.buffer);
      return { file, detectedType, refusal: checkDocument({ name: file.originalname, size: file.size, detectedType }, limits) };
    }),
  );
  const refusals = checked.flatMap((c) => (c.refusal ? [c.refusal] : []));
  if (refusals.length) throw refusalProblem(refusals);
  const prisma = deps.db.prisma;
  const where = { subjectType: target.subjectType, subjectId: target.subjectId, itemKey: target.itemKey };
  const { round } = target;
  // Removed files free their place.
  const already = await prisma.documentAttachment.count({ where: { ...where, round, removedAt: null } });
  const tooMany = checkDocumentCount(already, files.length, limits, target.countRule);
  if (tooMany) throw new ProblemError(400, `Not attached: ${tooMany}`, { errors: [{ path: DOCUMENT_FIELD, message: tooMany }] });

  // Scanned last: a request refused for its count or type is not sent to the scanner.
  const scans = await scanAll(
    deps,
    checked.map((c) => c.file),
  );
  const infected = scans.flatMap((scan, i) => (scan.infected ? [infectedRefusal(files[i]!.originalname, scan.infected)] : []));
  if (infected.length) {
    deps.logger.warn({ actor: actor.userId, subject: target.subjectId, infected: infected.map(refusalWords) }, 'infected upload refused');
    throw refusalProblem(infected);
  }

  const store = documentStore(deps);
  const uploadedAt = deps.now();
  const rows = await prisma.$transaction(async (tx) => {
    const created: AttachmentRow[] = [];
    for (const [position, { file, detectedType }] of checked.entries()) {
      const mediaType = detectedType as DocumentMediaType;
      const sha256 = sha256Of(file.buffer);
      await store.put(sha256, file.buffer, tx);
      const row = await tx.documentAttachment.create({
        data: {
          id: ids[position]!,
          sha256,
          ...where,
          round,
          fileName: sanitiseFileName(file.originalname, mediaType),
          mediaType,
          size: file.size,
          uploadedById: actor.userId,
          uploadedByName: actor.name,
          uploadedAt,
          position,
          scanStatus: scans[position]!.status,
          scannedAt: scans[position]!.status === 'clean' ? uploadedAt : null,
        },
      });
      const { id, fileName, size, scanStatus } = row;
      await appendAudit(tx, {
        actor,
        action: 'document.attached',
        subjectType: target.subjectType,
        subjectId: target.subjectId,
        after: { documentId: id, ...target.auditItem, fileName, mediaType, size, sha256, scanStatus },
        requestId,
      });
      created.push(row);
    }
    return created;
  });
  return rows.map(toView);
}

type ScanOutcome = { status: Exclude<ScanStatus, 'infected'>; infected?: undefined } | { status: 'infected'; infected: string[] };

/**
 * Each file's virus scan before anything is stored (CLAMD_ADDRESS): clean or infected; held as
 * "scanning" when the daemon cannot be reached or answer in time (the sweep scans it later:
 * activities/document-scan.ts), so an outage of the scanner never loses an upload.
 */
async function scanAll(deps: Pick<ApiDeps, 'config' | 'logger'>, files: readonly UploadedFile[]): Promise<ScanOutcome[]> {
  const scanner = virusScannerFor(deps.config.virusScan);
  if (!scanner) return files.map(() => ({ status: 'none' }));
  return Promise.all(
    files.map(async (file): Promise<ScanOutcome> => {
      try {
        const verdict = await scanner.scan(file.buffer);
        return verdict.infected ? { status: 'infected', infected: verdict.findings } : { status: 'clean' };
      } catch (error) {
        deps.logger.warn({ err: error }, 'virus scanner unreachable: the file is held as scanning');
        return { status: 'scanning' };
      }
    }),
  );
}

/**
 * Removes a live attachment the caller has checked may be removed: the row is kept with who
 * removed it and when (the record), hidden from every view and download; its bytes are deleted
 * unless another live attachment or a signed document refers to the same content. Audited as
 * document.removed. Two removals at once remove it once; the second is "not found".
 */
export async function removeAttachment(
  deps: ApiDeps,
  actor: Actor,
  row: { id: string; sha256: string; subjectType: string; subjectId: string; fileName: string },
  auditItem: Record<string, unknown>,
  requestId: string,
): Promise<void> {
  const store = documentStore(deps);
  const removedAt = deps.now();
  const released = await deps.db.prisma.$transaction(async (tx) => {
    const removed = await tx.documentAttachment.updateMany({
      where: { id: row.id, removedAt: null },
      data: { removedAt, removedById: actor.userId, removedByName: actor.name },
    });
    if (removed.count === 0) throw notFound('Document');
    const released = await releaseUnreferenced(tx, store, [row.sha256]);
    await appendAudit(tx, {
      actor,
      action: 'document.removed',
      subjectType: row.subjectType,
      subjectId: row.subjectId,
      before: { documentId: row.id, ...auditItem, fileName: row.fileName, sha256: row.sha256 },
      after: { removedAt: removedAt.toISOString(), contentDeleted: released.length > 0 },
      requestId,
    });
    return released;
  });
  // The removal stands once committed: bytes the purge fails to delete are only left unnamed.
  await store.purgeReleased(released).catch((error: unknown) => {
    deps.logger.warn({ err: error, sha256: released }, 'removed document’s bytes not deleted from the document store');
  });
}

/** Attaches files to an evidence item of an application in the actor's scope, while the practice may change it. */
export async function attachEvidenceDocuments(
  deps: ApiDeps,
  actor: Actor,
  spoke: StoredSpoke,
  criterionCode: string,
  files: readonly UploadedFile[],
  requestId: string,
  idempotencyKey?: string,
): Promise<DocumentView[]> {
  const item = openEvidenceItem(spoke.view, actor, criterionCode);
  const round = await currentRound(deps.db.prisma, item, spoke.id);
  const target = {
    subjectType: SUBJECT,
    subjectId: spoke.id,
    itemKey: item.criterionCode,
    round,
    auditItem: { criterionCode, round },
  } as const;
  return attachFiles(deps, actor, target, files, requestId, idempotencyKey);
}

/**
 * Removes a file the practice attached to an evidence item in its current round, while the item
 * may still change (the rule for attaching); removeAttachment keeps the record. A document of
 * another application or item, or one removed already, is "not found".
 */
export async function removeEvidenceDocument(
  deps: ApiDeps,
  actor: Actor,
  spoke: StoredSpoke,
  criterionCode: string,
  documentId: string,
  requestId: string,
): Promise<void> {
  const prisma = deps.db.prisma;
  const row = await prisma.documentAttachment.findFirst({
    where: { id: documentId, ...itemWhere(spoke.id, criterionCode), removedAt: null },
  });
  if (!row) throw notFound('Document');
  const doing = `Cannot remove “${row.fileName}”`;
  const item = openEvidenceItem(spoke.view, actor, criterionCode, doing);
  const refusal = checkDocumentRemoval(row, await currentRound(prisma, item, spoke.id));
  if (refusal) throw new ProblemError(409, `${doing}: ${refusal}`, { extensions: { state: spoke.view.status } });
  await removeAttachment(deps, actor, row, { criterionCode, round: row.round }, requestId);
}

/** An item's documents (not removed), each saying whether the actor may remove it now (the rules of removeEvidenceDocument). */
export async function evidenceItemDocuments(
  deps: Pick<ApiDeps, 'db'>,
  actor: Actor,
  spoke: StoredSpoke,
  criterionCode: string,
): Promise<(DocumentView & { removable: boolean })[]> {
  const documents = (await documentsOf(deps, spoke.id)).get(criterionCode) ?? [];
  const item = spoke.view.evidence.find((e) => e.criterionCode === criterionCode);
  const open = item !== undefined && !checkAction(spoke.view, actor, 'evidence') && isSubmittable(spoke.view, item);
  const round = open ? await currentRound(deps.db.prisma, item, spoke.id) : undefined;
  return documents.map((document) => ({ ...document, removable: round !== undefined && !checkDocumentRemoval(document, round) }));
}

/** The name of a document removed from an application (for the page that says it was), or undefined. */
export async function removedDocumentName(deps: Pick<ApiDeps, 'db'>, spokeId: string, documentId: string): Promise<string | undefined> {
  const row = await deps.db.prisma.documentAttachment.findFirst({
    where: { id: documentId, subjectType: SUBJECT, subjectId: spokeId, removedAt: { not: null } },
  });
  return row?.fileName;
}

/** Every document of an application still attached (not removed), by evidence item, oldest first. */
export async function documentsOf(deps: Pick<ApiDeps, 'db'>, spokeId: string): Promise<Map<string, DocumentView[]>> {
  const rows = await deps.db.prisma.documentAttachment.findMany({
    where: { subjectType: SUBJECT, subjectId: spokeId, removedAt: null },
    orderBy: [{ round: 'asc' }, { uploadedAt: 'asc' }, { position: 'asc' }],
  });
  const byItem = new Map<string, DocumentView[]>();
  for (const row of rows) byItem.set(row.itemKey, [...(byItem.get(row.itemKey) ?? []), toView(row)]);
  return byItem;
}

/** The application's view with each evidence item's documents. */
export async function withDocuments(deps: Pick<ApiDeps, 'db'>, view: SpokeView): Promise<SpokeView> {
  const byItem = await documentsOf(deps, view.id);
  return { ...view, evidence: view.evidence.map((item) => ({ ...item, documents: byItem.get(item.criterionCode) ?? [] })) };
}

export interface StoredDocument {
  view: DocumentView;
  bytes: Uint8Array;
}

/** What documents are attached to, who may read each kind (then within its scope) and how it is loaded in scope. */
const DOCUMENT_SUBJECTS: Record<string, { readers: readonly Role[]; load: (deps: ApiDeps, actor: Actor, id: string) => Promise<unknown> }> =
  {
    spoke_application: { readers: SPOKE_READERS, load: loadSpokeInScope },
    eoi: { readers: EOI_READERS, load: loadEoiInScope },
  };

/** Everyone who may read some kind of document: the download's role policy (then the subject's own). */
export const DOCUMENT_READERS: readonly Role[] = [...new Set(Object.values(DOCUMENT_SUBJECTS).flatMap((s) => s.readers))];

/**
 * A document whose subject is in the actor's scope (the same check as reading the application);
 * any other, or one that does not exist, is "not found".
 */
export async function loadDocumentInScope(deps: ApiDeps, actor: Actor, id: string): Promise<StoredDocument> {
  const row = await deps.db.prisma.documentAttachment.findUnique({ where: { id } });
  if (!row || row.removedAt) throw notFound('Document');
  const subject = DOCUMENT_SUBJECTS[row.subjectType];
  if (!subject || !subject.readers.includes(actor.role)) throw notFound('Document');
  try {
    await subject.load(deps, actor, row.subjectId);
  } catch (error) {
    if (error instanceof ProblemError && error.status === 404) throw notFound('Document');
    throw error;
  }
  if (row.scanStatus === 'scanning') throw new ProblemError(409, heldWords(row.fileName), { extensions: { scanStatus: row.scanStatus } });
  const bytes = await documentStore(deps).get(row.sha256);
  if (!bytes) throw new ProblemError(500, `The bytes of document ${row.id} are missing from the store`);
  return { view: toView(row), bytes };
}
