/**
 * "Expressions of interest": every EOI in the person's scope (their organisation's, those sent to
 * their university, or all for regional staff), filtered by status, intake, university and
 * organisation, 25 to a page. The same service and scope as GET /api/eois.
 */
import { countEois, listEois } from '../../../api/services/eois';
import { eoiNames, intakeChoices, organisationChoices, universityChoices } from '../../../api/services/reference-choices';
import { badRequest } from '../../../api/http/problem';
import { EOI_STATUSES, type EoiStatus } from '../../../domain/eoi/schemas';
import { EOI_STATUS_TAGS } from '../../content/eoi';
import { listUrl, PAGE_SIZE, pagination, showing } from '../../paging';
import type { HomeSection } from './section';

export const eoiListSection: HomeSection = {
  id: 'expressions-of-interest',
  roles: ['org_submitter', 'university_reviewer', 'hee_staff', 'admin'],
  view: 'partials/home/eoi-list.njk',
  async load({ user, query, deps }) {
    if (query.status && !(EOI_STATUSES as readonly string[]).includes(query.status)) {
      throw badRequest('Unknown status', [{ path: 'query.status', message: 'not a status of an expression of interest' }]);
    }
    const regional = user.role === 'hee_staff' || user.role === 'admin';
    const filters = {
      status: query.status as EoiStatus | undefined,
      intakeId: query.intakeId,
      // A filter on one's own scope is pointless: only regional roles and universities get these.
      universityId: user.role === 'university_reviewer' ? undefined : query.universityId,
      organisationId: user.role === 'org_submitter' ? undefined : query.organisationId,
    };
    const [page, total, intakes, universities, organisations] = await Promise.all([
      listEois(deps, user.actor, filters, { limit: PAGE_SIZE, pageNumber: query.page }),
      countEois(deps, user.actor, filters),
      intakeChoices(deps, user.actor),
      user.role === 'university_reviewer' ? [] : universityChoices(deps, user.actor),
      regional || user.role === 'university_reviewer' ? organisationChoices(deps, user.actor) : [],
    ]);
    const names = await eoiNames(deps, page.items);
    const choose = (rows: { value: string; text: string }[], selected?: string) => [
      { value: '', text: 'All' },
      ...rows.map((row) => ({ ...row, selected: row.value === selected })),
    ];
    return {
      canStart: user.role === 'org_submitter',
      filtered: Object.values(filters).some(Boolean),
      filters: {
        status: choose(
          EOI_STATUSES.map((s) => ({ value: s, text: EOI_STATUS_TAGS[s].text })),
          filters.status,
        ),
        intake: choose(
          intakes.map((i) => ({ value: i.id, text: `${i.programmeName}, starting ${i.startsOn}` })),
          filters.intakeId,
        ),
        university: universities.length
          ? choose(
              universities.map((u) => ({ value: u.id, text: u.name })),
              filters.universityId,
            )
          : undefined,
        organisation: organisations.length
          ? choose(
              organisations.map((o) => ({ value: o.id, text: o.name })),
              filters.organisationId,
            )
          : undefined,
      },
      rows: page.items.map((eoi) => ({ eoi, names: names[eoi.id]!, tag: EOI_STATUS_TAGS[eoi.status] })),
      showing: showing(query.page, page.items.length, total),
      pagination: pagination('/', filters, query.page, total),
      // Every EOI these filters select, not only this page, with its candidates.
      downloads: { csv: listUrl('/exports/eois.csv', filters), xlsx: listUrl('/exports/eois.xlsx', filters) },
    };
  },
};
