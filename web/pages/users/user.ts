/**
 * A user's page (`/users/:id`): who they are and what they work for, whether they can sign in,
 * their API tokens, and the actions on them: send the invitation again, issue or revoke a token,
 * deactivate. Every action goes through the users service the API uses.
 */
import { z } from 'zod';
import { toProblem } from '../../../api/http/errors';
import { inviteAgain, listTokens, type StoredUser } from '../../../api/services/users';
import { IdParams } from '../../../domain/reference-data';
import { TOKEN_STATUS_TAGS, USER_DONE_MESSAGES } from '../../content/users';
import type { WebDeps } from '../../deps';
import { formErrorsFromProblem, refusalStatus, type FormErrors } from '../../forms';
import { definePage, type PageResult, redirect, render } from '../page';
import { USER_ADMINS, userInScope, worksForOne } from './shared';

export async function userPage(
  deps: WebDeps,
  user: StoredUser,
  extra: { done?: string; errors?: FormErrors } = {},
  status = 200,
): Promise<PageResult> {
  const tokens = await listTokens(deps, user.id);
  return render(
    'pages/users/user.njk',
    {
      pageTitle: user.name,
      person: user,
      worksFor: await worksForOne(deps, user),
      tokens: tokens.map((token) => ({ ...token, tag: TOKEN_STATUS_TAGS[token.status] })),
      done: extra.done ? USER_DONE_MESSAGES[extra.done] : undefined,
      doneIsWarning: extra.done === 'not-invited',
      errors: extra.errors,
    },
    status,
  );
}

export const userPages = [
  definePage({
    method: 'get',
    path: '/users/:id',
    summary: 'See a user',
    policy: { roles: USER_ADMINS },
    params: IdParams,
    scope: userInScope,
    query: z.object({ done: z.string().max(20).optional() }),
    handler: async ({ deps, resource, query }) => userPage(deps, resource, { done: query.done }),
  }),
  definePage({
    method: 'post',
    path: '/users/:id/invitation',
    summary: 'Send a user an invitation',
    policy: { roles: USER_ADMINS },
    params: IdParams,
    scope: userInScope,
    body: z.object({}),
    invalid: async ({ deps, resource }, errors) => userPage(deps, resource, { errors }, 400),
    async handler({ deps, user, resource, requestId }) {
      try {
        await inviteAgain(deps, user!.actor, resource, requestId);
        return redirect(`/users/${resource.id}?done=invited-again`);
      } catch (error) {
        const problem = toProblem(error);
        const status = refusalStatus(problem) ?? (problem.status === 503 ? 503 : undefined);
        if (!status) throw error;
        return userPage(deps, resource, { errors: formErrorsFromProblem(problem, { firstField: 'invite' }) }, status);
      }
    },
  }),
];
