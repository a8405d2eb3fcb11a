/**
 * Signed documents: the Learning and Development Agreement a practice signs to become a spoke,
 * which HEE staff then countersign, and the confirmation of support an organisation returns for
 * each accepted candidate. What the document says (parties, dates, terms) is decided
 * here, from the application's record, so the page that asks for a signature, the PDF that is
 * signed and the signature pages all say the same thing. Rendering is pdf/signed-document-pdf.ts.
 */
import { z } from 'zod';
import { longDate } from './london-calendar';
import { type Actor, type Role, ROLE_NAMES } from './roles';
import type { EoiView } from './eoi';
import type { SpokeView } from './spoke-accreditation';

/** The text of a document before anyone signs it. The same facts always give the same PDF (and hash). */
export const SIGNED_DOCUMENT_KINDS = ['agreement', 'confirmation-of-support'] as const;

export const DocumentTermsSchema = z.object({
  kind: z.enum(SIGNED_DOCUMENT_KINDS),
  documentKey: z.string(),
  title: z.string(),
  reference: z.string(),
  issuedAt: z.string(),
  parties: z.array(z.object({ label: z.string(), name: z.string() })),
  facts: z.array(z.object({ label: z.string(), value: z.string() })),
  clauses: z.array(z.string()),
});

export interface DocumentTerms {
  kind: (typeof SIGNED_DOCUMENT_KINDS)[number];
  /** Its key within its subject: one agreement per accreditation cycle, one confirmation per candidate. */
  documentKey: string;
  title: string;
  reference: string;
  /** When it was issued for signature: its PDF's date, so the bytes do not depend on when they are made. */
  issuedAt: string;
  parties: { label: string; name: string }[];
  facts: { label: string; value: string }[];
  clauses: string[];
}

/** One signature on a document: who signed (the signed-in person), as what, for whom, when, and the name they typed. */
export const SignatureSchema = z
  .object({
    kind: z.enum(['signature', 'countersignature']),
    signedAs: z.string().meta({ description: 'The name the signer typed' }),
    userId: z.string(),
    name: z.string().meta({ description: 'The signed-in person’s name' }),
    role: z.string(),
    organisation: z.string(),
    signedAt: z.string(),
  })
  .meta({ id: 'Signature' });
export type Signature = z.infer<typeof SignatureSchema>;

export const SignedDocumentSchema = z
  .object({
    id: z.string(),
    kind: z.enum(SIGNED_DOCUMENT_KINDS),
    title: z.string(),
    version: z.number().int().meta({ description: '1 when signed; 2 when countersigned' }),
    termsSha256: z.string().meta({ description: 'SHA-256 of the unsigned document that was signed, printed on each signature page' }),
    sha256: z.string().meta({ description: 'SHA-256 of this signed PDF' }),
    size: z.number().int(),
    fileName: z.string(),
    signatures: z.array(SignatureSchema),
    createdAt: z.string(),
    terms: DocumentTermsSchema.meta({
      description: 'What was signed, as it was then: rendered again, it gives the PDF whose hash is termsSha256',
    }),
  })
  .meta({ id: 'SignedDocument' });
export type SignedDocumentView = z.infer<typeof SignedDocumentSchema>;

/** Who commissions the places and accredits the spokes: a party to both documents, and who countersigns the agreement. */
export const COMMISSIONER = 'NHS England, regional workforce, training and education team';

/** Who countersigns the agreement for NHS England. */
export const COUNTERSIGNING_ROLES: readonly Role[] = ['hee_staff'];

/** A signed version's id (`<subject id>:<document key>:v<n>`), in a path. */
export const SignedDocumentParams = z.object({ id: z.string().trim().min(1).max(200) });

export const AGREEMENT_TITLE = 'Learning and Development Agreement';

/** What the practice agrees to: shown on the signing page and printed in the PDF. */
export const AGREEMENT_CLAUSES = [
  'The practice agrees to host learners on placement as a spoke of the training hub named above, in line with the placement criteria it was accredited against.',
  'The practice keeps the named placement administrator and educationalist in post, and tells the hub within 28 days if either changes.',
  'The practice works with the hub on any action plan from its quality visit, and completes each action by its due date.',
  'The hub supports the practice, reviews its evidence and visits it as the scheme requires.',
  'The accreditation runs from the date the practice signs this agreement until the date on the signature page, unless it is suspended or withdrawn sooner. It is renewed by re-accreditation.',
  'NHS England (the regional workforce, training and education team) may suspend or withdraw the accreditation where the criteria are no longer met, and countersigns this agreement.',
];

export const agreementKey = (view: Pick<SpokeView, 'cycle'>) => `agreement:${view.cycle}`;

/** The agreement of the application's current cycle, once HEE approved it; undefined before. */
export function agreementTerms(view: SpokeView): DocumentTerms | undefined {
  if (!view.approval || view.approval.decision !== 'approve') return undefined;
  return {
    kind: 'agreement',
    documentKey: agreementKey(view),
    title: AGREEMENT_TITLE,
    reference: `${view.id}/${agreementKey(view)}`,
    issuedAt: view.approval.at,
    parties: [
      { label: 'Spoke practice', name: view.practiceName },
      { label: 'Training hub', name: view.hubName },
      { label: 'Commissioner', name: COMMISSIONER },
    ],
    facts: [
      { label: 'Application', value: view.id },
      { label: 'Accreditation', value: view.cycle === 1 ? 'First accreditation' : `Re-accreditation (cycle ${view.cycle})` },
      { label: 'Criteria', value: `${view.criteriaSet.name}, version ${view.criteriaSet.version}` },
      { label: 'Placement administrator', value: view.administrator.name },
      { label: 'Placement educationalist', value: view.educationalist.name },
      { label: 'Approved by HEE', value: `${view.approval.by.name}, ${londonDate(view.approval.at)}` },
    ],
    clauses: AGREEMENT_CLAUSES,
  };
}

export const CONFIRMATION_TITLE = 'Confirmation of support';

/** What an organisation confirms for an accepted candidate: shown on the form and printed in the PDF. */
export const CONFIRMATION_CLAUSES = [
  'The organisation supports the candidate named above to take up their funded place on the programme, from its start date.',
  'The organisation releases the candidate for the study time and placements the programme requires, and keeps paying their salary during it.',
  'The organisation provides supervision in practice for the length of the programme.',
  'The HR arrangements for the candidate are in place.',
  'The organisation tells the university and NHS England at once if the candidate cannot take up or continue their place.',
];

/** The names a confirmation of support states, which the EOI's record holds only as ids. */
export interface ConfirmationNames {
  organisation: string;
  university: string;
  programme: string;
  /** The intake's start, a calendar date. */
  intakeStartsOn: string;
}

export const confirmationKey = (candidateId: string) => `confirmation:${candidateId}`;

/** The confirmation of support for an accepted candidate of a funded EOI; undefined for any other. */
export function confirmationTerms(view: EoiView, candidateId: string, names: ConfirmationNames): DocumentTerms | undefined {
  const candidate = view.candidates.find((c) => c.id === candidateId);
  if (!candidate || candidate.outcome !== 'accepted') return undefined;
  return {
    kind: 'confirmation-of-support',
    documentKey: confirmationKey(candidateId),
    title: CONFIRMATION_TITLE,
    reference: `${view.id}/${confirmationKey(candidateId)}`,
    issuedAt: candidate.outcomeAt ?? view.submittedAt,
    parties: [
      { label: 'Employing organisation', name: names.organisation },
      { label: 'University', name: names.university },
      { label: 'Commissioner', name: COMMISSIONER },
    ],
    facts: [
      { label: 'Expression of interest', value: view.id },
      { label: 'Candidate', value: `${candidate.name}, ${candidate.currentRole}` },
      { label: 'Programme', value: names.programme },
      { label: 'Intake starts', value: longDate(new Date(`${names.intakeStartsOn}T12:00:00Z`)) },
      { label: 'Places funded for the organisation', value: String(view.allocatedPlaces) },
    ],
    clauses: CONFIRMATION_CLAUSES,
  };
}

/** The signature of the signed-in person, for the organisation they sign for. */
export function signatureBy(
  kind: Signature['kind'],
  actor: Pick<Actor, 'userId' | 'name' | 'role'>,
  signedAs: string,
  organisation: string,
  signedAt: string,
): Signature {
  return { kind, signedAs, userId: actor.userId, name: actor.name, role: roleLabel(actor.role), organisation, signedAt };
}

/** Why HEE staff cannot countersign the agreement now (a 409's detail), or undefined when they can. */
export function countersignRefusal(latest: Pick<SignedDocumentView, 'signatures'> | undefined): string | undefined {
  if (!latest) return 'The practice has not signed the agreement of this accreditation yet';
  if (latest.signatures.some((s) => s.kind === 'countersignature')) return 'The agreement is countersigned already';
  return undefined;
}

/** The facts one signature page states: the signature's, the hash of what was signed, and the accreditation's dates. */
export function signaturePageLines(
  signature: Signature,
  termsSha256: string,
  accreditedUntil?: string,
): { label: string; value: string }[] {
  return [
    { label: 'Signed as', value: signature.signedAs },
    { label: 'Signed by', value: `${signature.name} (${signature.role})` },
    { label: 'For', value: signature.organisation },
    { label: 'Signed at', value: `${signature.signedAt} (UTC)` },
    ...(accreditedUntil && signature.kind === 'signature' ? [{ label: 'Accredited until', value: londonDate(accreditedUntil) }] : []),
    { label: 'Document signed (SHA-256)', value: termsSha256 },
  ];
}

export const signedFileName = (terms: Pick<DocumentTerms, 'title' | 'documentKey'>, version: number) =>
  `${terms.title} ${terms.documentKey.replace(':', ' ')}${version > 1 ? ' countersigned' : ' signed'}.pdf`;

export const termsFileName = (terms: Pick<DocumentTerms, 'title' | 'documentKey'>) =>
  `${terms.title} ${terms.documentKey.replace(':', ' ')}.pdf`;

const roleLabel = (role: Role) => ROLE_NAMES[role];
const londonDate = (iso: string) => longDate(new Date(iso));
