/**
 * Fair share of placement provision on the home page: for regional staff and organisations, a
 * link to the latest year's report (and to the list of years), or to where figures start.
 */
import { listPeriods } from '../../../api/services/fair-share';
import { comparePeriods } from '../../../domain/fair-share';
import type { HomeSection } from './section';

export const fairShareSection: HomeSection = {
  id: 'fair-share',
  roles: ['hee_staff', 'org_submitter'],
  view: 'partials/home/fair-share.njk',
  async load({ user, deps }) {
    const latest = (await listPeriods(deps, user.actor)).sort(comparePeriods).at(-1);
    return { latest, isStaff: user.role === 'hee_staff' };
  },
};
