/**
 * "Agreements to countersign", for HEE staff: each Learning and Development Agreement a practice
 * signed that nobody at HEE has countersigned yet, oldest first, linked to its countersigning page.
 */
import { agreementsToCountersign } from '../../../api/services/signed-documents';
import { COUNTERSIGNING_ROLES } from '../../../domain/signed-documents';
import { spokePath } from '../spoke-applications/shared';
import type { HomeSection } from './section';

export const agreementsToCountersignSection: HomeSection = {
  id: 'agreements-to-countersign',
  roles: COUNTERSIGNING_ROLES,
  view: 'partials/home/agreements-to-countersign.njk',
  async load({ deps }) {
    const waiting = await agreementsToCountersign(deps);
    if (!waiting.length) return undefined;
    return {
      // The agreement's first two parties are the practice and its hub (domain/signed-documents.ts, agreementTerms).
      items: waiting.map(({ spokeId, document }) => ({
        practice: document.terms.parties[0]?.name ?? spokeId,
        hub: document.terms.parties[1]?.name ?? '',
        signature: document.signatures[0]!,
        href: spokePath({ id: spokeId }, 'agreement-countersignature'),
      })),
    };
  },
};
