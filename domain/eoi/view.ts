/** The read model of an EOI: what the API answers with and the workflow's query returns. */
import type { ProcessSettings } from '../settings';
import type { Actor } from '../roles';
import { soonestDeadline } from '../process';
import { eoiDeadlines } from './deadlines';
import { allowedActions } from './policy';
import type { EoiView } from './schemas';
import type { EoiState } from './state';

export function eoiView(s: EoiState, settings: ProcessSettings, actor?: Actor): EoiView {
  const next = soonestDeadline(eoiDeadlines(s, settings));
  return {
    id: s.id,
    status: s.status,
    organisationId: s.organisationId,
    universityId: s.universityId,
    intakeId: s.intakeId,
    programmeId: s.programmeId,
    serviceType: s.serviceType,
    ...(s.pathway ? { pathway: s.pathway } : {}),
    placesRequested: s.placesRequested,
    contact: s.contact,
    declarations: s.declarations,
    submittedAt: s.submittedAt,
    allocatedPlaces: s.allocatedPlaces,
    ...(s.waitlistPosition !== undefined ? { waitlistPosition: s.waitlistPosition } : {}),
    ...(s.confirmationDueAt ? { confirmationDueAt: s.confirmationDueAt } : {}),
    candidates: s.candidates.map((c) => ({
      id: c.id,
      name: c.name,
      email: c.email,
      currentRole: c.currentRole,
      addedAt: c.addedAt,
      ...(c.outcome ? { outcome: c.outcome, outcomeAt: c.outcomeAt } : {}),
      ...(c.confirmation
        ? { confirmation: { signedBy: c.confirmation.signedBy, confirmedAt: c.confirmation.confirmedAt, late: c.confirmation.late } }
        : {}),
    })),
    ...(next ? { nextDeadline: { action: next.action, owner: next.owner, dueAt: next.dueAt } } : {}),
    ...(actor ? { allowedActions: allowedActions(s, actor) } : {}),
    history: s.history.map((h) => ({
      at: h.at,
      actor: h.actor,
      action: h.action,
      fromStatus: h.fromStatus,
      toStatus: h.toStatus,
      ...(h.comment ? { comment: h.comment } : {}),
      ...(h.placesReleased ? { placesReleased: h.placesReleased } : {}),
    })),
  };
}
