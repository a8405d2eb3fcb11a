/**
 * The signed documents a process commit records: the agreement when the practice signs it, and
 * each confirmation of support the organisation returns. Made before the commit's transaction
 * (PGlite has one connection) from the record alone, so a retry makes the same PDFs and
 * saveSignedVersion stores each once.
 */
import type { PrismaClient } from '../db/database';
import type { AuditRecord, ProcessCommit } from '../domain/process';
import type { Actor } from '../domain/roles';
import type { ConfirmationNames } from '../domain/signed-documents';
import type { EoiView } from '../domain/eoi';
import type { SpokeView } from '../domain/spoke-accreditation';
import { practiceSignedAgreement, signedConfirmation, type SignedVersion } from '../pdf/signed-documents';

export interface SignedInCommit {
  version: SignedVersion;
  actor: Actor;
  action: string;
  comment: string;
}

const entriesOf = (commit: ProcessCommit, action: string): AuditRecord[] => commit.audit.filter((entry) => entry.action === action);

async function confirmationNames(prisma: PrismaClient, view: EoiView): Promise<ConfirmationNames> {
  const [organisation, university, intake] = await Promise.all([
    prisma.organisation.findUnique({ where: { id: view.organisationId }, select: { name: true } }),
    prisma.university.findUnique({ where: { id: view.universityId }, select: { name: true } }),
    prisma.intake.findUnique({ where: { id: view.intakeId }, select: { startsOn: true, programme: { select: { name: true } } } }),
  ]);
  return {
    organisation: organisation?.name ?? view.organisationId,
    university: university?.name ?? view.universityId,
    programme: intake?.programme.name ?? view.programmeId,
    intakeStartsOn: intake ? intake.startsOn.toISOString().slice(0, 10) : view.submittedAt.slice(0, 10),
  };
}

export async function signedDocumentsOfCommit(prisma: PrismaClient, commit: ProcessCommit): Promise<SignedInCommit[]> {
  if (commit.subjectType === 'spoke_application') {
    const signature = entriesOf(commit, 'spoke.agreement-signature')[0];
    if (!signature) return [];
    const actor = signature.actor as Actor;
    const version = await practiceSignedAgreement(commit.view as SpokeView, actor);
    return version ? [{ version, actor, action: 'agreement.signed', comment: `Signed by ${version.signatures[0]!.signedAs}` }] : [];
  }
  const confirmations = entriesOf(commit, 'eoi.support_confirmed');
  if (confirmations.length === 0) return [];
  const view = commit.view as EoiView;
  // Each confirmation is the newest of its EOI when it is made: this commit's are the latest ones, oldest first like its audit entries.
  const confirmed = view.candidates
    .filter((c) => c.confirmation)
    .sort((a, b) => a.confirmation!.confirmedAt.localeCompare(b.confirmation!.confirmedAt))
    .slice(-confirmations.length);
  const names = await confirmationNames(prisma, view);
  const signed: SignedInCommit[] = [];
  for (const [i, candidate] of confirmed.entries()) {
    const actor = confirmations[i]!.actor as Actor;
    const version = await signedConfirmation(view, candidate.id, names, actor);
    if (version)
      signed.push({
        version,
        actor,
        action: 'confirmation_of_support.signed',
        comment: `${candidate.id} signed by ${candidate.confirmation!.signedBy}`,
      });
  }
  return signed;
}
