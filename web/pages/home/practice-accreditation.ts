/**
 * "Your accreditation", at the top of a practice manager's home page: for each application of
 * the practice, its state, how long the accreditation has left, how far the evidence is, what is
 * due next, and the signed agreement. The same read model as the application's page.
 */
import { currentAgreement } from '../../../api/services/signed-documents';
import { spokeScope } from '../../../api/services/spoke-applications';
import type { SpokeView } from '../../../domain/spoke-accreditation';
import { DAY_MS } from '../../../domain/time';
import { SPOKE_STATUS_TAGS } from '../../content/spoke';
import { dueWords } from '../../content/time';
import { signedDocumentPath } from '../spoke-applications/agreement';
import { spokePath } from '../spoke-applications/shared';
import type { HomeSection } from './section';

export const practiceAccreditationSection: HomeSection = {
  id: 'your-accreditation',
  roles: ['practice_manager'],
  view: 'partials/home/practice-accreditation.njk',
  async load({ user, deps, now }) {
    const rows = await deps.db.prisma.spokeApplication.findMany({
      where: { AND: [{ version: { gt: 0 } }, spokeScope(user.actor)] },
      select: { id: true, status: true, view: true },
      orderBy: { id: 'asc' },
    });
    if (!rows.length) return undefined;
    const applications = [];
    for (const row of rows) {
      const view = row.view as unknown as SpokeView;
      const agreement = await currentAgreement(deps, { id: row.id, status: row.status, view });
      const accepted = view.evidence.filter((item) => item.status === 'accepted').length;
      applications.push({
        href: spokePath(view),
        practiceName: view.practiceName,
        hubName: view.hubName,
        tag: SPOKE_STATUS_TAGS[view.status],
        accreditedUntil: view.accreditedUntil,
        daysLeft:
          view.accreditedUntil && Date.parse(view.accreditedUntil) > now.getTime()
            ? Math.ceil((Date.parse(view.accreditedUntil) - now.getTime()) / DAY_MS)
            : undefined,
        evidence: { accepted, total: view.evidence.length },
        next: view.nextDeadline && { ...view.nextDeadline, when: dueWords(view.nextDeadline.dueAt, now) },
        agreement: agreement && { href: signedDocumentPath(agreement.id), fileName: agreement.fileName },
      });
    }
    return { applications };
  },
};
