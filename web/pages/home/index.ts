/**
 * The signed-in person's home page (`GET /`): the sections for their role (web/pages/home/
 * section.ts), then their account. Every section reads the same query: the list filters and page.
 */
import type { SignedInSession } from '../../../api/auth/sessions';
import { ROLES } from '../../../domain/roles';
import { definePage, render } from '../page';
import { administrationSection } from './administration';
import { agreementsToCountersignSection } from './agreements-to-countersign';
import { accreditationDashboardSection, commissioningDashboardSection } from './dashboard';
import { dueThisWeekSection } from './due-this-week';
import { eoiDraftsSection } from './eoi-drafts';
import { eoiListSection } from './eoi-list';
import { spokeListSection } from './spoke-list';
import { fairShareSection } from './fair-share';
import { needsActionSection } from './needs-action';
import { practiceAccreditationSection } from './practice-accreditation';
import { HomeQuery, type HomeSection } from './section';

/** In the order they show. */
export const HOME_SECTIONS: readonly HomeSection[] = [
  commissioningDashboardSection,
  accreditationDashboardSection,
  practiceAccreditationSection,
  dueThisWeekSection,
  needsActionSection,
  agreementsToCountersignSection,
  administrationSection,
  spokeListSection,
  eoiDraftsSection,
  eoiListSection,
  fairShareSection,
];

export const homePages = [
  definePage({
    method: 'get',
    path: '/',
    summary: 'See your home page',
    policy: { roles: ROLES },
    query: HomeQuery,
    async handler({ user, query, deps, res }) {
      const ctx = { user: user!, query, deps, now: deps.now() };
      const mine = HOME_SECTIONS.filter((section) => section.roles.includes(user!.role));
      const models = await Promise.all(mine.map((section) => section.load(ctx)));
      const session = res.locals.session as SignedInSession;
      return render('pages/home.njk', {
        pageTitle: 'Home',
        sections: mine.flatMap((section, i) => (models[i] ? [{ id: section.id, view: section.view, model: models[i] }] : [])),
        person: user,
        signedInAt: session.signedInAt,
        expiresAt: session.expiresAt,
      });
    },
  }),
];
