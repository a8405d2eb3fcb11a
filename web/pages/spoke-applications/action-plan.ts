/**
 * The buttons of the action plan on the application page: mark an action as done, and, once
 * every action is done, send the application for HEE approval (the follow-up visit has its own
 * form, in hub-actions.ts). The same service call as the API's; a refusal (another person was
 * quicker, an action already done) shows the application page again with the error summary.
 */
import { z } from 'zod';
import { takeSpokeAction } from '../../../api/services/spoke-applications';
import { IdParams } from '../../../domain/reference-data';
import { ActionCompletionBody, ApprovalRequestBody, SPOKE_ACTION_ROLES, type SpokeAction } from '../../../domain/spoke-accreditation';
import { formErrorsFromZod } from '../../forms';
import { definePage, redirect } from '../page';
import { applicationPage } from './application';
import { orRefusal, spokeInScope, spokePath } from './shared';

const Form = z.record(z.string(), z.string().max(100));

function buttonPage(options: {
  path: string;
  action: Extract<SpokeAction, 'action-completion' | 'approval-request'>;
  summary: string;
  schema: z.ZodType;
  toBody: (fields: Record<string, string>) => unknown;
  done: string;
  firstField: string;
}) {
  return definePage({
    method: 'post',
    path: `/spoke-applications/:id/${options.path}`,
    summary: options.summary,
    policy: { roles: SPOKE_ACTION_ROLES[options.action] },
    params: IdParams,
    scope: spokeInScope,
    body: Form,
    invalid: async ({ deps, user, resource }, errors) => applicationPage(deps, user!, resource, { errors, status: 400 }),
    async handler({ deps, user, resource, body, requestId }) {
      const { _csrf: _token, ...fields } = body;
      const parsed = options.schema.safeParse(options.toBody(fields));
      if (!parsed.success) return applicationPage(deps, user!, resource, { errors: formErrorsFromZod(parsed.error), status: 400 });
      return orRefusal(
        async () => {
          await takeSpokeAction(deps, user!.actor, resource, options.action, parsed.data as never, requestId);
          return redirect(`${spokePath(resource.view)}?done=${options.done}`);
        },
        (errors, status) => applicationPage(deps, user!, resource, { errors, status }),
        { firstField: options.firstField },
      );
    },
  });
}

export const actionPlanPages = [
  buttonPage({
    path: 'action-completion',
    action: 'action-completion',
    summary: 'Mark an action of the visit’s plan as done',
    schema: ActionCompletionBody,
    toBody: (fields) => ({ actionId: fields.actionId }),
    done: 'action-done',
    firstField: 'action-plan',
  }),
  buttonPage({
    path: 'approval-request',
    action: 'approval-request',
    summary: 'Send the application for HEE approval once every action is done',
    schema: ApprovalRequestBody,
    toBody: () => ({}),
    done: 'sent-for-approval',
    firstField: 'action-plan',
  }),
];
