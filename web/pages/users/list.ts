/** Everyone who can use the service (`/users`), filtered by role, 25 to a page; the same service as GET /api/users. */
import { z } from 'zod';
import { scopeRecordNames } from '../../../api/services/reference-choices';
import { countUsers, listUsers } from '../../../api/services/users';
import { ROLE_NAMES, ROLES, RoleSchema } from '../../../domain/roles';
import { PAGE_SIZE, pagination, showing } from '../../paging';
import { definePage, render } from '../page';
import { USER_ADMINS, worksFor } from './shared';

const UsersQuery = z.object({
  role: RoleSchema.optional().or(z.literal('').transform(() => undefined)),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});

export const userListPages = [
  definePage({
    method: 'get',
    path: '/users',
    summary: 'See the users',
    policy: { roles: USER_ADMINS },
    query: UsersQuery,
    async handler({ deps, query }) {
      const filters = query.role ? { role: query.role } : {};
      const [page, total] = await Promise.all([
        listUsers(deps, filters, { limit: PAGE_SIZE, pageNumber: query.page }),
        countUsers(deps, filters),
      ]);
      const names = await scopeRecordNames(deps, page.items);
      return render('pages/users/list.njk', {
        pageTitle: 'Users',
        roles: [
          { value: '', text: 'All' },
          ...ROLES.map((role) => ({ value: role, text: ROLE_NAMES[role], selected: role === query.role })),
        ],
        filtered: !!query.role,
        rows: page.items.map((user) => ({ user, worksFor: worksFor(user, names) })),
        showing: showing(query.page, page.items.length, total),
        pagination: pagination('/users', filters, query.page, total),
      });
    },
  }),
];
