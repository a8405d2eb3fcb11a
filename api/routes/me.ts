import { ROLES } from '../../domain/roles';
import { MeSchema, SCOPE_FIELDS } from '../../domain/users';
import { BOOTSTRAP_ADMIN_ID } from '../auth/authenticate';
import { unauthenticated } from '../http/problem';
import { defineRoute, ok } from '../http/route';

export const meRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/me',
    summary: 'Who am I',
    description: 'The calling user, their role and the scope they act within.',
    tags: ['Users'],
    policy: { roles: ROLES },
    responses: { 200: { description: 'The caller', schema: MeSchema } },
    async handler({ actor, deps }) {
      const scope = Object.fromEntries(SCOPE_FIELDS.flatMap((field) => (actor[field] ? [[field, actor[field]]] : [])));
      if (actor.userId === BOOTSTRAP_ADMIN_ID) {
        return ok({ id: actor.userId, name: actor.name, role: actor.role, scope, bootstrap: true });
      }
      const user = await deps.db.prisma.user.findUnique({ where: { id: actor.userId } });
      if (!user) throw unauthenticated();
      return ok({ id: user.id, name: user.name, email: user.email, role: actor.role, scope, bootstrap: false });
    },
  }),
];
