/**
 * "Administration" (administrators): the people who use the service (a link to their pages), and
 * the email outbox (a link to its page), and the reference data the processes run on: each kind's
 * count, linking to its list and form (web/pages/reference-data/).
 */
import { outboxSummary } from '../../../api/services/outbox';
import type { HomeSection } from './section';

export const administrationSection: HomeSection = {
  id: 'administration',
  roles: ['admin'],
  view: 'partials/home/administration.njk',
  async load({ deps }) {
    const prisma = deps.db.prisma;
    const [users, deactivated, universities, programmes, intakes, organisations, hubs, practices, criteriaSets] = await Promise.all([
      prisma.user.count(),
      prisma.user.count({ where: { deactivatedAt: { not: null } } }),
      prisma.university.count(),
      prisma.programme.count(),
      prisma.intake.count(),
      prisma.organisation.count(),
      prisma.hub.count(),
      prisma.practice.count(),
      prisma.criteriaSet.count({ where: { isExample: false } }),
    ]);
    return {
      users: { total: users, active: users - deactivated },
      outbox: await outboxSummary(prisma, deps.now()),
      referenceData: [
        { text: 'Universities', href: '/reference-data/universities', count: universities },
        { text: 'Programmes', href: '/reference-data/programmes', count: programmes },
        { text: 'Intakes', href: '/reference-data/intakes', count: intakes },
        { text: 'Organisations', href: '/reference-data/organisations', count: organisations },
        { text: 'Training hubs', href: '/reference-data/hubs', count: hubs },
        { text: 'GP practices', href: '/reference-data/practices', count: practices },
      ],
      criteriaSets,
    };
  },
};
