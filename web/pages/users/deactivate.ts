/**
 * Deactivating someone who has left (`/users/:id/deactivate`): what will happen, then a
 * confirmation. It signs them out everywhere, stops their tokens, calendar feed and email, and
 * keeps them listed so the history still names them. The users service the API uses does it.
 */
import { z } from 'zod';
import { deactivateUser } from '../../../api/services/users';
import { IdParams } from '../../../domain/reference-data';
import { definePage, redirect, render } from '../page';
import { USER_ADMINS, userInScope } from './shared';

const title = (name: string) => `Are you sure you want to deactivate ${name}?`;

export const deactivatePages = [
  definePage({
    method: 'get',
    path: '/users/:id/deactivate',
    summary: 'Deactivate a user',
    policy: { roles: USER_ADMINS },
    params: IdParams,
    scope: userInScope,
    handler: async ({ resource }) =>
      resource.deactivatedAt
        ? redirect(`/users/${resource.id}`)
        : render('pages/users/deactivate.njk', { pageTitle: title(resource.name), person: resource }),
  }),
  definePage({
    method: 'post',
    path: '/users/:id/deactivate',
    summary: 'Deactivate a user',
    policy: { roles: USER_ADMINS },
    params: IdParams,
    scope: userInScope,
    body: z.object({}),
    invalid: async ({ resource }, errors) =>
      render('pages/users/deactivate.njk', { pageTitle: title(resource.name), person: resource, errors }, 400),
    async handler({ deps, user, resource, requestId }) {
      await deactivateUser(deps, user!.actor, resource, requestId);
      return redirect(`/users/${resource.id}?done=deactivated`);
    },
  }),
];
