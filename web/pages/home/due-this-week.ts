/**
 * "Due this week" on the dashboard (docs/reports.md): every deadline in the person's scope due in
 * the next 7 days or already overdue, whoever must act, soonest first. The same service and filter
 * as GET /api/deadlines?within=P7D, at the page's clock (deps.now()).
 */
import { countDeadlines, listNamedDeadlines } from '../../../api/services/deadlines';
import { subjectPath } from '../../../domain/process';
import { dueWords } from '../../content/time';
import type { HomeSection } from './section';

/** The look-ahead, as the API's `within` filter: the full list and its CSV take the same one. */
export const DUE_THIS_WEEK = 'P7D';
/** The most shown here; the rest are in the CSV. */
const SHOWN = 15;

export const dueThisWeekSection: HomeSection = {
  id: 'due-this-week',
  roles: ['hee_staff', 'admin', 'hub_lead'],
  view: 'partials/home/due-this-week.njk',
  async load({ user, deps, now }) {
    const filters = { within: DUE_THIS_WEEK };
    const [page, total] = await Promise.all([
      listNamedDeadlines(deps, user.actor, filters, { limit: SHOWN, pageNumber: 1 }, now),
      countDeadlines(deps, user.actor, filters, now),
    ]);
    return {
      total,
      shown: page.items.length,
      items: page.items.map((item) => ({
        ...item,
        href: subjectPath(item.subjectType, item.subjectId),
        subjectName: item.subjectName ?? item.subjectId,
        when: dueWords(item.dueAt, now),
      })),
      csvHref: `/reports/deadlines.csv?within=${DUE_THIS_WEEK}`,
      allCsvHref: '/reports/deadlines.csv',
    };
  },
};
