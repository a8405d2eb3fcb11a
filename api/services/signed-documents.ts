/**
 * Signed documents: the unsigned agreement the practice is asked to sign, each signed version (the
 * practice's signature and each confirmation of support are stored by the commit of their action,
 * activities/signed-documents.ts), HEE staff's countersignature, and downloads in scope.
 */
import { isUniqueViolation } from '../../db/errors';
import { saveSignedVersion, uncountersignedAgreements } from '../../db/signed-documents';
import type { Actor } from '../../domain/roles';
import {
  agreementKey,
  COMMISSIONER,
  countersignRefusal,
  type DocumentTerms,
  type Signature,
  signatureBy,
  type SignedDocumentView,
  termsFileName,
} from '../../domain/signed-documents';
import { agreementDocument, countersignedAgreement } from '../../pdf/signed-documents';
import type { ApiDeps } from '../deps';
import { conflict, notFound, ProblemError } from '../http/problem';
import { documentStore } from './documents';
import { loadEoiInScope } from './eois';
import { loadSpokeInScope, type StoredSpoke } from './spoke-applications';

type Row = Awaited<ReturnType<ApiDeps['db']['prisma']['signedDocument']['findFirstOrThrow']>>;

const toView = (row: Row): SignedDocumentView => ({
  id: row.id,
  kind: row.kind as SignedDocumentView['kind'],
  title: row.title,
  version: row.version,
  termsSha256: row.termsSha256,
  sha256: row.sha256,
  size: row.size,
  fileName: row.fileName,
  signatures: row.signatures as unknown as Signature[],
  createdAt: row.createdAt.toISOString(),
  terms: row.terms as unknown as DocumentTerms,
});

/** Every signed version of a subject's documents (an application's agreements, an EOI's confirmations), newest first. */
export async function signedDocumentsOf(
  deps: Pick<ApiDeps, 'db'>,
  subjectType: 'spoke_application' | 'eoi',
  subjectId: string,
): Promise<SignedDocumentView[]> {
  const rows = await deps.db.prisma.signedDocument.findMany({
    where: { subjectType, subjectId },
    orderBy: [{ createdAt: 'desc' }, { version: 'desc' }],
  });
  return rows.map(toView);
}

/** The newest signed version of the current cycle's agreement, if the practice has signed it. */
export async function currentAgreement(deps: Pick<ApiDeps, 'db'>, spoke: StoredSpoke): Promise<SignedDocumentView | undefined> {
  const row = await deps.db.prisma.signedDocument.findFirst({
    where: { subjectId: spoke.id, documentKey: agreementKey(spoke.view) },
    orderBy: { version: 'desc' },
  });
  return row ? toView(row) : undefined;
}

/** The agreements waiting for HEE staff's countersignature, oldest first (db/signed-documents.ts). HEE staff see the whole region. */
export async function agreementsToCountersign(deps: Pick<ApiDeps, 'db'>): Promise<{ spokeId: string; document: SignedDocumentView }[]> {
  return (await uncountersignedAgreements(deps.db.prisma)).map((row) => ({ spokeId: row.subjectId, document: toView(row) }));
}

/** The unsigned agreement of the current cycle (what the practice signs), or 404 before HEE approval. */
export async function unsignedAgreement(spoke: StoredSpoke): Promise<{ bytes: Uint8Array; fileName: string; sha256: string }> {
  const document = await agreementDocument(spoke.view);
  if (!document) throw notFound('Agreement (HEE has not approved this application)');
  return { bytes: document.bytes, fileName: termsFileName(document.terms), sha256: document.sha256 };
}

/**
 * HEE staff countersign the agreement the practice signed: a new signed version, the practice's
 * signature page then theirs, stored with its audit entry in one transaction. Twice is 409.
 */
export async function countersignAgreement(
  deps: ApiDeps,
  actor: Actor,
  spoke: StoredSpoke,
  signedAs: string,
  requestId?: string,
): Promise<SignedDocumentView> {
  const latest = await currentAgreement(deps, spoke);
  const refusal = countersignRefusal(latest);
  if (refusal || !latest) throw conflict(refusal ?? 'The agreement cannot be countersigned now');
  const countersignature = signatureBy('countersignature', actor, signedAs, COMMISSIONER, deps.now().toISOString());
  const version = await countersignedAgreement(spoke.view, latest, countersignature);
  const store = documentStore(deps);
  try {
    const saved = await deps.db.prisma.$transaction((tx) =>
      saveSignedVersion(tx, store, version, {
        actor,
        action: 'agreement.countersigned',
        comment: `Countersigned by ${signedAs}`,
        requestId,
      }),
    );
    if (!saved) throw conflict('The agreement is countersigned already');
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('The agreement is countersigned already');
    throw error;
  }
  const row = await deps.db.prisma.signedDocument.findUniqueOrThrow({ where: { id: version.id } });
  return toView(row);
}

/** A signed version whose subject (application or EOI) is in the actor's scope, with its bytes; any other is "not found". */
export async function loadSignedDocumentInScope(
  deps: ApiDeps,
  actor: Actor,
  id: string,
): Promise<{ view: SignedDocumentView; bytes: Uint8Array }> {
  const row = await deps.db.prisma.signedDocument.findUnique({ where: { id } });
  if (!row) throw notFound('Signed document');
  try {
    if (row.subjectType === 'eoi') await loadEoiInScope(deps, actor, row.subjectId);
    else await loadSpokeInScope(deps, actor, row.subjectId);
  } catch (error) {
    if (error instanceof ProblemError && error.status === 404) throw notFound('Signed document');
    throw error;
  }
  const bytes = await documentStore(deps).get(row.sha256);
  if (!bytes) throw new ProblemError(500, `The bytes of signed document ${row.id} are missing from the store`);
  return { view: toView(row), bytes };
}
