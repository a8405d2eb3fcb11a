/** The fair-share pages (docs/domain.md, "Fair share of placement provision"). */
import { z } from 'zod';
import { listPeriods } from '../../../api/services/fair-share';
import { comparePeriods, isPeriod } from '../../../domain/fair-share';
import { formErrors } from '../../forms';
import { definePage, redirect, render } from '../page';
import { fairShareFigurePages } from './figures';
import { fairShareReportPages } from './report';

/** "Enter figures for a year" on the index page: to the year's first form, or back with the problem. */
const chooseYear = definePage({
  method: 'get',
  path: '/fair-share/figures',
  summary: 'Choose a year to enter fair-share figures for',
  policy: { roles: ['hee_staff'] },
  query: z.object({ period: z.string().max(20).optional() }),
  async handler({ user, query, deps }) {
    const period = (query.period ?? '').trim();
    if (isPeriod(period)) return redirect(`/fair-share/${period}/figures/required-weeks`);
    const errors = formErrors([{ path: 'period', message: 'Enter an academic year written like 2025-26' }]);
    return render(
      'pages/fair-share/index.njk',
      {
        pageTitle: 'Fair share of placement provision',
        periods: (await listPeriods(deps, user!.actor)).sort(comparePeriods).reverse(),
        isStaff: true,
        errors,
        period,
      },
      400,
    );
  },
});

/** In this order: /fair-share/figures before /fair-share/:period. */
export const fairSharePages = [chooseYear, ...fairShareReportPages, ...fairShareFigurePages];
