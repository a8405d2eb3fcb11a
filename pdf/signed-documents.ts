/**
 * Each signed version of a document, ready to store: the PDF with its signature pages, its hashes,
 * what it said and who signed it. Made from the subject's record alone, so a retried commit makes
 * the same bytes and stores them once (db/signed-documents.ts).
 */
import { sha256Of } from '../db/document-store';
import type { EoiView } from '../domain/eoi';
import type { Actor } from '../domain/roles';
import {
  agreementTerms,
  type ConfirmationNames,
  confirmationTerms,
  type DocumentTerms,
  type Signature,
  signatureBy,
  signedFileName,
} from '../domain/signed-documents';
import type { SpokeView } from '../domain/spoke-accreditation';
import { renderSigned, renderTerms } from './signed-document-pdf';

export interface SignedVersion {
  id: string;
  subjectType: 'spoke_application' | 'eoi';
  subjectId: string;
  kind: DocumentTerms['kind'];
  documentKey: string;
  version: number;
  title: string;
  terms: DocumentTerms;
  termsSha256: string;
  sha256: string;
  fileName: string;
  signatures: Signature[];
  createdAt: string;
  bytes: Uint8Array;
}

type Signer = Pick<Actor, 'userId' | 'name' | 'role'>;

export const signedVersionId = (subjectId: string, documentKey: string, version: number) => `${subjectId}:${documentKey}:v${version}`;

/** A document as issued for signature, and its hash. */
export async function unsignedDocument(terms: DocumentTerms): Promise<{ terms: DocumentTerms; bytes: Uint8Array; sha256: string }> {
  const bytes = await renderTerms(terms);
  return { terms, bytes, sha256: sha256Of(bytes) };
}

/** The unsigned agreement of the application's current cycle, or undefined before HEE approval. */
export async function agreementDocument(view: SpokeView) {
  const terms = agreementTerms(view);
  return terms ? unsignedDocument(terms) : undefined;
}

async function signedVersion(
  subject: Pick<SignedVersion, 'subjectType' | 'subjectId'>,
  terms: DocumentTerms,
  version: number,
  signatures: Signature[],
  accreditedUntil?: string,
): Promise<SignedVersion> {
  const unsigned = await unsignedDocument(terms);
  const bytes = await renderSigned(terms, unsigned.sha256, signatures, accreditedUntil);
  return {
    ...subject,
    id: signedVersionId(subject.subjectId, terms.documentKey, version),
    kind: terms.kind,
    documentKey: terms.documentKey,
    version,
    title: terms.title,
    terms,
    termsSha256: unsigned.sha256,
    sha256: sha256Of(bytes),
    fileName: signedFileName(terms, version),
    signatures,
    createdAt: signatures[signatures.length - 1]!.signedAt,
    bytes,
  };
}

const spokeSubject = (view: SpokeView) => ({ subjectType: 'spoke_application' as const, subjectId: view.id });

/** The agreement as the practice signed it (version 1), from the record after its signature. */
export async function practiceSignedAgreement(view: SpokeView, signer: Signer): Promise<SignedVersion | undefined> {
  const terms = agreementTerms(view);
  if (!terms || !view.agreement) return undefined;
  const signature = signatureBy('signature', signer, view.agreement.signedBy, view.practiceName, view.agreement.signedAt);
  return signedVersion(spokeSubject(view), terms, 1, [signature], view.accreditedUntil);
}

/** The agreement countersigned by HEE staff: the terms the practice signed, its signature page, then theirs. */
export function countersignedAgreement(
  view: SpokeView,
  signed: { terms: DocumentTerms; signatures: Signature[] },
  countersignature: Signature,
): Promise<SignedVersion> {
  return signedVersion(
    spokeSubject(view),
    signed.terms,
    signed.signatures.length + 1,
    [...signed.signatures, countersignature],
    view.accreditedUntil,
  );
}

/** A candidate's confirmation of support as the organisation returned it, from the record after it. */
export async function signedConfirmation(
  view: EoiView,
  candidateId: string,
  names: ConfirmationNames,
  signer: Signer,
): Promise<SignedVersion | undefined> {
  const terms = confirmationTerms(view, candidateId, names);
  const confirmation = view.candidates.find((c) => c.id === candidateId)?.confirmation;
  if (!terms || !confirmation) return undefined;
  const signature = signatureBy('signature', signer, confirmation.signedBy, names.organisation, confirmation.confirmedAt);
  return signedVersion({ subjectType: 'eoi', subjectId: view.id }, terms, 1, [signature]);
}
