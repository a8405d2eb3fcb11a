/**
 * What the admin pages about people share: who may see them (administrators), the user a path
 * names (404 when there is none, as in the API), and the names of what the user works for.
 */
import { findUser, type StoredUser } from '../../../api/services/users';
import { scopeRecordNames } from '../../../api/services/reference-choices';
import { scopeFieldOf } from '../../../domain/users';
import type { Role } from '../../../domain/roles';
import { SCOPE_FIELD_WORDS } from '../../content/users';
import type { WebDeps } from '../../deps';

export const USER_ADMINS: readonly Role[] = ['admin'];

export const userInScope = ({ params, deps }: { params: { id: string }; deps: WebDeps }) => findUser(deps.db.prisma, params.id);

/** "Organisation: Northshire Community Trust", or nothing for the regional roles. */
export function worksFor(user: Pick<StoredUser, 'role'> & Partial<Record<string, unknown>>, names: Map<string, string>) {
  const field = scopeFieldOf(user.role as Role);
  if (!field) return undefined;
  const id = user[field] as string | undefined;
  return { label: SCOPE_FIELD_WORDS[field].label, name: id ? (names.get(id) ?? id) : 'Not set' };
}

export async function worksForOne(deps: WebDeps, user: StoredUser) {
  const names = await scopeRecordNames(deps, [
    {
      organisationId: user.organisationId ?? undefined,
      universityId: user.universityId ?? undefined,
      hubId: user.hubId ?? undefined,
      practiceId: user.practiceId ?? undefined,
    },
  ]);
  return worksFor(user, names);
}
