/**
 * What the expression-of-interest pages share: who may see them, the scope check (the API's, so
 * another organisation's EOI is "not found" here too), the names a page is headed with, and the
 * helper every action page is built with: a form (GET), then the action through the same service
 * as the API (POST), its refusal shown as an error summary on the same form, in the API's words.
 */
import type { z } from 'zod';
import { toProblem } from '../../../api/http/errors';
import { eoiNames, type EoiNames } from '../../../api/services/reference-choices';
import { loadEoiInScope, type StoredEoi } from '../../../api/services/eois';
import { EOI_READERS } from '../../../domain/eoi';
import type { EoiView } from '../../../domain/eoi/schemas';
import { IdParams } from '../../../domain/reference-data';
import type { Role } from '../../../domain/roles';
import { EOI_STATUS_TAGS } from '../../content/eoi';
import type { WebDeps } from '../../deps';
import { formErrorsFromProblem, refusalStatus, type FormErrors } from '../../forms';
import { type AnyPage, type CurrentUser, definePage, type PageResult, redirect, render } from '../page';

export { EOI_READERS };

export const eoiInScope = ({ user, params, deps }: { user: CurrentUser; params: { id: string }; deps: WebDeps }) =>
  loadEoiInScope(deps, user.actor, params.id);

/** The EOI's names and state for a page's heading. */
export async function eoiHeading(deps: WebDeps, view: EoiView): Promise<{ names: EoiNames; state: { text: string; colour: string } }> {
  const names = (await eoiNames(deps, [view]))[view.id]!;
  return { names, state: EOI_STATUS_TAGS[view.status] };
}

type LooseContext = { deps: WebDeps; user: CurrentUser | undefined; resource: unknown; params: unknown };

export interface ActionPageOptions<F extends z.ZodType, P extends z.ZodType> {
  /** Below /eois/:id ("review", "candidates/:candidateId/outcome"). */
  path: string;
  params?: P;
  summary: string;
  roles: readonly Role[];
  /** The page's h1. */
  title: string;
  view: string;
  /** The form's schema: the form's fields converted to the API body, then the API's schema. */
  form: F;
  /** The field a refusal without field errors links to. */
  firstField: string;
  messages?: Record<string, string>;
  /** More for the view (a candidate, the intake's capacity). */
  model?: (ctx: { deps: WebDeps; user: CurrentUser; eoi: StoredEoi; params: z.infer<P> }) => Promise<Record<string, unknown>>;
  /** The action, through the API's service; returns where to go next (a path) or nothing for the EOI page. */
  run: (ctx: {
    deps: WebDeps;
    user: CurrentUser;
    eoi: StoredEoi;
    body: z.infer<F>;
    params: z.infer<P>;
    requestId: string;
  }) => Promise<string | void>;
  /** The success message's key on the EOI page (web/content/eoi.ts DONE_MESSAGES). */
  done: string;
}

/** GET shows the form, POST takes the action: refusals (400, 403, 409) show on the form with an error summary. */
export function eoiActionPages<F extends z.ZodType, P extends z.ZodType = typeof IdParams>(options: ActionPageOptions<F, P>): AnyPage[] {
  const path = `/eois/:id/${options.path}`;
  const params = (options.params ?? IdParams) as P;
  // The router checked the role and loaded the EOI in scope before any handler runs.
  async function form(ctx: LooseContext, values: Record<string, unknown>, errors?: FormErrors, status = 200): Promise<PageResult> {
    const eoi = ctx.resource as StoredEoi;
    const heading = await eoiHeading(ctx.deps, eoi.view);
    const extra = options.model ? await options.model({ deps: ctx.deps, user: ctx.user!, eoi, params: ctx.params as z.infer<P> }) : {};
    return render(
      options.view,
      { pageTitle: options.title, eoi: eoi.view, ...heading, values, errors, backHref: `/eois/${eoi.id}`, ...extra },
      status,
    );
  }
  return [
    definePage({
      method: 'get',
      path,
      summary: options.summary,
      policy: { roles: options.roles },
      params,
      scope: eoiInScope as never,
      handler: async (ctx) => form(ctx, {}),
    }),
    definePage({
      method: 'post',
      path,
      summary: options.summary,
      policy: { roles: options.roles },
      params,
      scope: eoiInScope as never,
      body: options.form,
      messages: options.messages,
      invalid: async (ctx, errors) => form(ctx, ctx.body, errors, 400),
      async handler(ctx) {
        const eoi = ctx.resource as unknown as StoredEoi;
        try {
          const next = await options.run({
            deps: ctx.deps,
            user: ctx.user!,
            eoi,
            body: ctx.body as z.infer<F>,
            params: ctx.params as z.infer<P>,
            requestId: ctx.requestId,
          });
          return redirect(next ?? `/eois/${eoi.id}?done=${options.done}`);
        } catch (error) {
          const problem = toProblem(error);
          const status = refusalStatus(problem);
          if (!status) throw error;
          const errors = formErrorsFromProblem(problem, { firstField: options.firstField });
          const { _csrf: _token, ...values } = (ctx.req.body ?? {}) as Record<string, unknown>;
          return form(ctx, values, errors, status);
        }
      },
    }),
  ];
}
