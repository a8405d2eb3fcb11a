/**
 * "Spoke applications": every application in the person's scope (their practice's, their hub's,
 * or all for regional staff), filtered by status and (for regional staff) hub, 25 to a page. The
 * same service and scope as GET /api/spoke-applications. A practice manager can start one here.
 */
import { countSpokes, listSpokes } from '../../../api/services/spoke-applications';
import { hubChoices } from '../../../api/services/reference-choices';
import { SPOKE_STATUSES, type SpokeStatus } from '../../../domain/spoke-accreditation';
import { SPOKE_STATUS_TAGS } from '../../content/spoke';
import { badRequest } from '../../../api/http/problem';
import { listUrl, PAGE_SIZE, pagination, showing } from '../../paging';
import type { HomeSection } from './section';

/** The list's pages keep its filters and say which page of this list they are. */
function spokePagination(filters: Record<string, string | undefined>, pageNumber: number, total: number) {
  const pages = pagination('/', filters, pageNumber, total);
  if (!pages) return undefined;
  const asSpokePage = (href: string) => {
    const url = new URL(href, 'http://x');
    const page = url.searchParams.get('page');
    url.searchParams.delete('page');
    if (page) url.searchParams.set('spokePage', page);
    return `${url.pathname}${url.search}#spoke-applications`;
  };
  return {
    ...(pages.previous ? { previous: { href: asSpokePage(pages.previous.href) } } : {}),
    ...(pages.next ? { next: { href: asSpokePage(pages.next.href) } } : {}),
    items: pages.items.map((item) => ('href' in item ? { ...item, href: asSpokePage(item.href) } : item)),
  };
}

export const spokeListSection: HomeSection = {
  id: 'spoke-applications',
  roles: ['practice_manager', 'hub_lead', 'hee_staff', 'admin'],
  view: 'partials/home/spoke-list.njk',
  async load({ user, query, deps }) {
    const regional = user.role === 'hee_staff' || user.role === 'admin';
    if (query.spokeStatus && !(SPOKE_STATUSES as readonly string[]).includes(query.spokeStatus)) {
      throw badRequest('Unknown status', [{ path: 'query.spokeStatus', message: 'not a status of a spoke application' }]);
    }
    const filters = { status: query.spokeStatus as SpokeStatus | undefined, hubId: regional ? query.hubId : undefined };
    const [page, total, hubs] = await Promise.all([
      listSpokes(deps, user.actor, filters, { limit: PAGE_SIZE, pageNumber: query.spokePage }),
      countSpokes(deps, user.actor, filters),
      regional ? hubChoices(deps, user.actor) : [],
    ]);
    const choose = (rows: { value: string; text: string }[], selected?: string) => [
      { value: '', text: 'All' },
      ...rows.map((row) => ({ ...row, selected: row.value === selected })),
    ];
    return {
      canApply: user.role === 'practice_manager',
      // Admins reach the criteria from Administration.
      criteriaLink: user.role === 'hub_lead',
      filtered: Object.values(filters).some(Boolean),
      filters: {
        status: choose(
          SPOKE_STATUSES.map((s) => ({ value: s, text: SPOKE_STATUS_TAGS[s].text })),
          filters.status,
        ),
        hub: hubs.length
          ? choose(
              hubs.map((h) => ({ value: h.id, text: h.name })),
              filters.hubId,
            )
          : undefined,
      },
      rows: page.items.map((spoke) => ({ spoke, tag: SPOKE_STATUS_TAGS[spoke.status] })),
      showing: showing(query.spokePage, page.items.length, total),
      pagination: spokePagination({ spokeStatus: filters.status, hubId: filters.hubId }, query.spokePage, total),
      // Every application these filters select, with the state of each evidence item.
      downloads: { csv: listUrl('/exports/spoke-applications.csv', filters), xlsx: listUrl('/exports/spoke-applications.xlsx', filters) },
    };
  },
};
