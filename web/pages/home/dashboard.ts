/**
 * The dashboard at the top of the home page (docs/reports.md): for regional staff, the
 * commissioning funnel and the places of each open intake; for organisations and universities,
 * their own funnel (the report's scope, as GET /api/reports/commissioning answers them); for hub
 * leads, their hub's accreditation picture. "Due this week" is web/pages/home/due-this-week.ts. Each chart is an SVG drawn on the server (web/charts/bars.ts) with its
 * data table and a link to the CSV. The same services as /api/reports/*.
 */
import { accreditationReport, capacityReport, commissioningReport, REPORT_ROLES } from '../../../api/services/reports';
import { isRegional, type Role } from '../../../domain/roles';
import { barChart } from '../../charts/bars';
import type { HomeSection } from './section';

/** Whose EOIs the funnel counts, in words, for the roles that see only their own. */
const FUNNEL_SCOPE: Partial<Record<Role, string>> = {
  org_submitter: 'your organisation’s expressions of interest',
  university_reviewer: 'the expressions of interest addressed to your university',
};

export const commissioningDashboardSection: HomeSection = {
  id: 'commissioning-dashboard',
  roles: REPORT_ROLES.commissioning,
  view: 'partials/home/commissioning-dashboard.njk',
  async load({ user, deps }) {
    const regional = isRegional(user.actor);
    const report = await commissioningReport(deps, user.actor, {});
    const { eois, places } = report.total;
    const funnel = [
      { label: 'Submitted', value: eois.submitted },
      { label: 'Supported by university', value: eois.supported },
      { label: 'Funded', value: eois.funded },
      { label: 'Enrolled', value: eois.enrolled },
    ];
    // The intakes' own figures come from their workflows: if Temporal does not answer, the rest of the page still shows.
    // Capacity is the region's (shared by every organisation): only regional roles see it.
    const capacity = regional ? await capacityReport(deps, { include: 'open' }).catch(() => undefined) : undefined;
    return {
      funnel: await barChart({
        id: 'funnel-chart',
        title: `Commissioning funnel, ${FUNNEL_SCOPE[user.role] ?? 'all intakes'}`,
        description: funnel.map((c) => `${c.label}: ${c.value}`).join('; '),
        axisLabel: 'Expressions of interest',
        categories: funnel,
      }),
      scope: FUNNEL_SCOPE[user.role] ?? 'all intakes',
      regional,
      eois,
      places,
      durations: report.total.durations,
      capacityUnavailable: regional && capacity === undefined,
      intakes: await Promise.all(
        (capacity?.intakes ?? []).map(async (intake, i) => {
          const bars = [
            { label: 'Funded places', value: intake.fundedPlaces },
            { label: 'Allocated', value: intake.allocated },
            { label: 'Confirmed', value: intake.confirmed },
            { label: 'Waiting list', value: intake.waitlistLength },
          ];
          return {
            ...intake,
            chart: await barChart({
              id: `capacity-chart-${i + 1}`,
              title: `${intake.programmeName}, starting ${intake.startsOn}`,
              description: bars.map((c) => `${c.label}: ${c.value}`).join('; '),
              axisLabel: 'Places',
              categories: bars,
            }),
          };
        }),
      ),
    };
  },
};

/** The accreditation steps timed in the report, as a sentence names them. */
const STEP_NAMES = {
  evidence: 'the practice’s evidence',
  hubReview: 'the hub’s review',
  visit: 'the quality visit',
  actionPlan: 'a visit’s actions',
  heeApproval: 'HEE approval',
  agreement: 'signing the agreement',
  applicationToAccreditation: 'from application to accreditation',
} as const;

export const accreditationDashboardSection: HomeSection = {
  id: 'accreditation-dashboard',
  roles: ['hee_staff', 'admin', 'hub_lead'],
  view: 'partials/home/accreditation-dashboard.njk',
  async load({ user, deps }) {
    const report = await accreditationReport(deps, user.actor, {});
    if (report.hubs.length === 0) return undefined;
    const durations = report.total.durations;
    return {
      steps: (Object.keys(STEP_NAMES) as (keyof typeof STEP_NAMES)[]).map((step) => ({ name: STEP_NAMES[step], ...durations[step] })),
      hubs: await Promise.all(
        report.hubs.map(async (hub, i) => {
          const f = hub.figures;
          const bars = [
            { label: 'Accredited', value: f.accredited },
            { label: 'Expiring in 3 months', value: f.expiring.within3Months },
            { label: 'Expiring in 12 months', value: f.expiring.within12Months },
            { label: 'Re-accrediting', value: f.reaccreditationsInProgress },
            { label: 'Lapsed', value: f.lapsed },
          ];
          return {
            ...hub,
            chart: await barChart({
              id: `accreditation-chart-${i + 1}`,
              title: `Accreditation, ${hub.hubName}`,
              description: bars.map((c) => `${c.label}: ${c.value}`).join('; '),
              axisLabel: 'Practices',
              categories: bars,
            }),
          };
        }),
      ),
    };
  },
};
