/**
 * A user's API tokens, for integrations: issue one with a name and an optional expiry (its
 * secret shown this once), or revoke one after a confirmation step. The API's schema and the
 * users service decide; a refusal shows as the form's error summary.
 */
import { z } from 'zod';
import { toProblem } from '../../../api/http/errors';
import { findToken, issueApiToken, revokeToken, type StoredUser } from '../../../api/services/users';
import { endOfLondonDay } from '../../../domain/london-calendar';
import { isCalendarDate } from '../../../domain/time';
import { IdParams } from '../../../domain/reference-data';
import { IssueTokenBody, TokenParams } from '../../../domain/users';
import { formErrorsFromProblem, refusalStatus, type FormErrors } from '../../forms';
import { asCalendarDate, blankAsMissing, formOf } from '../../form-fields';
import { definePage, type PageResult, redirect, render } from '../page';
import { USER_ADMINS, userInScope } from './shared';

/** A date typed as day, month and year is the end of that day in London; blank is "no expiry". */
const IssueTokenForm = formOf(IssueTokenBody, (f) => {
  const date = asCalendarDate(f, 'expiresAt');
  return {
    name: blankAsMissing(f.name),
    ...(date === undefined ? {} : { expiresAt: isCalendarDate(date) ? endOfLondonDay(date) : date }),
  };
});
const MESSAGES = {
  name: 'Name must be 100 characters or fewer',
  expiresAt: 'Enter the expiry date as a date in the future, for example 31 12 2027',
};

function issueForm(person: StoredUser, values: Record<string, unknown>, errors?: FormErrors, status = 200): PageResult {
  return render('pages/users/issue-token.njk', { pageTitle: 'Issue an API token', person, values, errors }, status);
}

const fieldsOf = (body: unknown) => {
  const { _csrf: _token, ...values } = (body ?? {}) as Record<string, unknown>;
  return values;
};

export const tokenPages = [
  definePage({
    method: 'get',
    path: '/users/:id/tokens/new',
    summary: 'Issue an API token',
    policy: { roles: USER_ADMINS },
    params: IdParams,
    scope: userInScope,
    handler: async ({ resource }) => issueForm(resource, {}),
  }),
  definePage({
    method: 'post',
    path: '/users/:id/tokens/new',
    summary: 'Issue an API token',
    policy: { roles: USER_ADMINS },
    params: IdParams,
    scope: userInScope,
    body: IssueTokenForm,
    messages: MESSAGES,
    invalid: async ({ resource, req }, errors) => issueForm(resource, fieldsOf(req.body), errors),
    async handler({ deps, user, resource, body, req, requestId }) {
      try {
        const issued = await issueApiToken(deps, user!.actor, resource, body, requestId);
        // Shown on this answer only: the secret is stored nowhere to show it again.
        return render('pages/users/token-issued.njk', { pageTitle: 'API token issued', person: resource, issued });
      } catch (error) {
        const problem = toProblem(error);
        const status = refusalStatus(problem);
        if (!status) throw error;
        return issueForm(resource, fieldsOf(req.body), formErrorsFromProblem(problem, { firstField: 'name', messages: MESSAGES }), status);
      }
    },
  }),
  definePage({
    method: 'get',
    path: '/users/:id/tokens/:tokenId/revoke',
    summary: 'Revoke an API token',
    policy: { roles: USER_ADMINS },
    params: TokenParams,
    scope: async ({ params, deps }) => {
      const person = await userInScope({ params, deps });
      return { person, token: await findToken(deps, person, params.tokenId) };
    },
    handler: async ({ resource }) =>
      render('pages/users/revoke-token.njk', { pageTitle: 'Are you sure you want to revoke this token?', ...resource }),
  }),
  definePage({
    method: 'post',
    path: '/users/:id/tokens/:tokenId/revoke',
    summary: 'Revoke an API token',
    policy: { roles: USER_ADMINS },
    params: TokenParams,
    scope: async ({ params, deps }) => {
      const person = await userInScope({ params, deps });
      return { person, token: await findToken(deps, person, params.tokenId) };
    },
    body: z.object({}),
    invalid: async ({ resource }, errors) =>
      render('pages/users/revoke-token.njk', { pageTitle: 'Are you sure you want to revoke this token?', ...resource, errors }, 400),
    async handler({ deps, user, resource, requestId }) {
      await revokeToken(deps, user!.actor, resource.token, requestId);
      return redirect(`/users/${resource.person.id}?done=token-revoked`);
    },
  }),
];
