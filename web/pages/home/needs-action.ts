/**
 * "Needs your action": the waiting steps owned by the person's role, within their scope, soonest
 * first (overdue ones on top), each linked to the page of its subject.
 */
import { countDeadlines, listNamedDeadlines } from '../../../api/services/deadlines';
import { subjectPath } from '../../../domain/process';
import { dueWords } from '../../content/time';
import type { HomeSection } from './section';

/** The most shown on the home page; the rest are one link away (the deadlines page). */
const SHOWN = 10;

export const needsActionSection: HomeSection = {
  id: 'needs-your-action',
  roles: ['org_submitter', 'university_reviewer', 'hee_staff', 'hub_lead', 'practice_manager'],
  view: 'partials/home/needs-action.njk',
  async load({ user, deps, now }) {
    const filters = { ownerRole: user.role };
    const [page, total] = await Promise.all([
      listNamedDeadlines(deps, user.actor, filters, { limit: SHOWN, pageNumber: 1 }, now),
      countDeadlines(deps, user.actor, filters, now),
    ]);
    return {
      total,
      items: page.items.map((item) => ({
        ...item,
        href: subjectPath(item.subjectType, item.subjectId),
        subjectName: item.subjectName ?? item.subjectId,
        when: dueWords(item.dueAt, now),
      })),
      moreHref: total > SHOWN ? '/deadlines' : undefined,
    };
  },
};
