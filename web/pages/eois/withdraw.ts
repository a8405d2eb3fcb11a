/**
 * Withdrawing an expression of interest (organisation) or its funding (regional staff): the
 * reason, then a confirmation step that says what will happen, then the action. It cannot be
 * undone, so nothing happens until the person confirms.
 */
import { toProblem } from '../../../api/http/errors';
import { eoiActions, type StoredEoi } from '../../../api/services/eois';
import { WithdrawalBody } from '../../../domain/eoi/schemas';
import { IdParams } from '../../../domain/reference-data';
import { formErrorsFromProblem, refusalStatus, type FormErrors } from '../../forms';
import { type CurrentUser, definePage, redirect, render } from '../page';
import type { WebDeps } from '../../deps';
import { eoiHeading, eoiInScope } from './shared';

const roles = ['org_submitter', 'hee_staff'] as const;
const messages = { 'reason:too_small': 'Enter a reason', 'reason:too_big': 'Reason must be 2,000 characters or fewer' };

async function page(
  view: 'reason' | 'confirm',
  ctx: { deps: WebDeps; user: CurrentUser | undefined; resource: StoredEoi },
  values: Record<string, unknown>,
  errors?: FormErrors,
  status = 200,
) {
  const eoi = ctx.resource.view;
  const funding = ctx.user!.role === 'hee_staff' && eoi.allocatedPlaces > 0;
  return render(
    `pages/eois/withdraw-${view}.njk`,
    {
      pageTitle:
        view === 'reason'
          ? funding
            ? 'Withdraw the funding'
            : 'Withdraw the expression of interest'
          : funding
            ? 'Are you sure you want to withdraw the funding?'
            : 'Are you sure you want to withdraw this expression of interest?',
      eoi,
      funding,
      ...(await eoiHeading(ctx.deps, eoi)),
      backHref: view === 'reason' ? `/eois/${eoi.id}` : `/eois/${eoi.id}/withdraw`,
      values,
      errors,
    },
    status,
  );
}

export const withdrawPages = [
  definePage({
    method: 'get',
    path: '/eois/:id/withdraw',
    summary: 'Withdraw an expression of interest',
    policy: { roles },
    params: IdParams,
    scope: eoiInScope,
    handler: async (ctx) => page('reason', ctx, {}),
  }),
  definePage({
    method: 'post',
    path: '/eois/:id/withdraw',
    summary: 'Withdraw an expression of interest',
    policy: { roles },
    params: IdParams,
    scope: eoiInScope,
    body: WithdrawalBody,
    messages,
    invalid: async (ctx, errors) => page('reason', ctx, ctx.body, errors, 400),
    // The reason is good: ask to confirm, carrying it in the form.
    handler: async (ctx) => page('confirm', ctx, ctx.body),
  }),
  definePage({
    method: 'post',
    path: '/eois/:id/withdraw/confirm',
    summary: 'Withdraw an expression of interest',
    policy: { roles },
    params: IdParams,
    scope: eoiInScope,
    body: WithdrawalBody,
    messages,
    invalid: async (ctx, errors) => page('reason', ctx, ctx.body, errors, 400),
    async handler(ctx) {
      try {
        await eoiActions.withdraw({ deps: ctx.deps, actor: ctx.user!.actor, eoi: ctx.resource, body: ctx.body, requestId: ctx.requestId });
        return redirect(`/eois/${ctx.resource.id}?done=withdrawn`);
      } catch (error) {
        const problem = toProblem(error);
        const status = refusalStatus(problem);
        if (!status) throw error;
        const errors = formErrorsFromProblem(problem, { firstField: 'confirm' });
        return page('confirm', ctx, ctx.body, errors, status);
      }
    },
  }),
];
