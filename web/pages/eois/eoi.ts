/**
 * The page of an expression of interest (`/eois/:id`), where every email and calendar event
 * links: its state as a tag, what happens next, the details, candidates, and its history. The
 * actions open to the person are buttons to their pages; nothing here changes anything.
 */
import { z } from 'zod';
import { intakeCapacityOf, loadIntake } from '../../../api/services/intakes';
import { withActions } from '../../../api/services/eois';
import { signedDocumentsOf } from '../../../api/services/signed-documents';
import { eoiDocumentsRefusal } from '../../../domain/eoi';
import { confirmationKey } from '../../../domain/signed-documents';
import { IdParams } from '../../../domain/reference-data';
import {
  actionLinks,
  CANDIDATE_OUTCOMES,
  DONE_MESSAGES,
  EOI_HISTORY_ACTIONS,
  SERVICE_TYPE_NAMES,
  whatHappensNext,
} from '../../content/eoi';
import { dueWords } from '../../content/time';
import { definePage, render } from '../page';
import { signedDocumentPath } from '../spoke-applications/agreement';
import { eoiDocumentLinks, eoiDocumentsPath } from './documents';
import { EOI_READERS, eoiHeading, eoiInScope } from './shared';

export const eoiPages = [
  definePage({
    method: 'get',
    path: '/eois/:id',
    summary: 'See an expression of interest',
    policy: { roles: EOI_READERS },
    params: IdParams,
    scope: eoiInScope,
    query: z.object({ done: z.string().max(20).optional() }),
    async handler({ user, resource, query, deps }) {
      const eoi = withActions(resource.view, user!.actor);
      const allowed = eoi.allowedActions ?? [];
      const now = deps.now();
      // Each returned confirmation of support as its signed PDF (stored by the commit of the action).
      const signed = new Map((await signedDocumentsOf(deps, 'eoi', eoi.id)).map((d) => [d.terms.documentKey, d]));
      const capacity = user!.role === 'hee_staff' ? await intakeCapacityOf(deps, await loadIntake(deps, eoi.intakeId)) : undefined;
      return render('pages/eois/eoi.njk', {
        pageTitle: 'Expression of interest',
        eoi,
        ...(await eoiHeading(deps, eoi)),
        done: query.done ? DONE_MESSAGES[query.done] : undefined,
        next: whatHappensNext(eoi.status, user!.role),
        nextDeadline: eoi.nextDeadline ? { ...eoi.nextDeadline, when: dueWords(eoi.nextDeadline.dueAt, now) } : undefined,
        serviceType: SERVICE_TYPE_NAMES[eoi.serviceType],
        actions: actionLinks(eoi.id, allowed, user!.role, eoi.allocatedPlaces),
        candidates: eoi.candidates.map((c) => ({
          ...c,
          outcomeText: c.outcome ? CANDIDATE_OUTCOMES[c.outcome] : 'Waiting for the university',
          outcomeHref:
            allowed.includes('candidate-outcome') && c.outcome !== 'declined' ? `/eois/${eoi.id}/candidates/${c.id}/outcome` : undefined,
          confirmHref:
            allowed.includes('confirmations') && c.outcome === 'accepted' && !c.confirmation
              ? `/eois/${eoi.id}/candidates/${c.id}/confirmation`
              : undefined,
          signedPdf: signed.has(confirmationKey(c.id))
            ? { href: signedDocumentPath(signed.get(confirmationKey(c.id))!.id), sha256: signed.get(confirmationKey(c.id))!.sha256 }
            : undefined,
        })),
        capacity,
        documents: await eoiDocumentLinks(deps, user!, resource),
        documentsHref: eoiDocumentsRefusal(eoi, user!.actor) ? undefined : eoiDocumentsPath(eoi.id),
        history: [...eoi.history].reverse().map((h) => ({ ...h, what: EOI_HISTORY_ACTIONS[h.action] ?? h.action.replace(/_/g, ' ') })),
      });
    },
  }),
];
