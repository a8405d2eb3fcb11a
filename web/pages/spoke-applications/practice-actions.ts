/**
 * The practice's last step, signing the Learning and Development Agreement, and withdrawing an
 * application (practice or HEE staff) after a confirmation step. The API's body schemas and the
 * same service call as the API's.
 */
import { takeSpokeAction, type StoredSpoke } from '../../../api/services/spoke-applications';
import { IdParams } from '../../../domain/reference-data';
import { ReasonBody, SignatureBody, SPOKE_ACTION_ROLES } from '../../../domain/spoke-accreditation';
import type { FormErrors } from '../../forms';
import { formOf } from '../../form-fields';
import { definePage, type PageResult, redirect, render } from '../page';
import { fieldsOf, orRefusal, spokeInScope, spokePath } from './shared';

const trimmed = (value: unknown) => (typeof value === 'string' ? value.trim() : value);

const SignatureForm = formOf(SignatureBody, (f) => ({ signedBy: trimmed(f.signedBy) }));
const WithdrawalForm = formOf(ReasonBody, (f) => ({ reason: trimmed(f.reason) }));

function agreementForm(spoke: StoredSpoke, values: Record<string, unknown>, errors?: FormErrors, status = 200): PageResult {
  return render(
    'pages/spoke-applications/agreement.njk',
    { pageTitle: 'Sign the Learning and Development Agreement', view: spoke.view, values, errors },
    status,
  );
}

function withdrawForm(spoke: StoredSpoke, values: Record<string, unknown>, errors?: FormErrors, status = 200): PageResult {
  return render(
    'pages/spoke-applications/withdraw.njk',
    { pageTitle: 'Are you sure you want to withdraw this application?', view: spoke.view, values, errors },
    status,
  );
}

export const practiceActionPages = [
  definePage({
    method: 'get',
    path: '/spoke-applications/:id/agreement',
    summary: 'Sign the Learning and Development Agreement',
    policy: { roles: SPOKE_ACTION_ROLES['agreement-signature'] },
    params: IdParams,
    scope: spokeInScope,
    handler: async ({ resource }) => agreementForm(resource, {}),
  }),
  definePage({
    method: 'post',
    path: '/spoke-applications/:id/agreement',
    summary: 'Sign the Learning and Development Agreement',
    policy: { roles: SPOKE_ACTION_ROLES['agreement-signature'] },
    params: IdParams,
    scope: spokeInScope,
    body: SignatureForm,
    messages: { signedBy: 'Enter your full name to sign' },
    invalid: async ({ resource, req }, errors) => agreementForm(resource, fieldsOf(req.body), errors),
    handler: async ({ deps, user, resource, body, req, requestId }) =>
      orRefusal(
        async () => {
          await takeSpokeAction(deps, user!.actor, resource, 'agreement-signature', body, requestId);
          return redirect(`${spokePath(resource.view)}?done=signed`);
        },
        (errors, status) => agreementForm(resource, fieldsOf(req.body), errors, status),
        { firstField: 'signedBy' },
      ),
  }),
  definePage({
    method: 'get',
    path: '/spoke-applications/:id/withdraw',
    summary: 'Withdraw a spoke application',
    policy: { roles: SPOKE_ACTION_ROLES.withdrawal },
    params: IdParams,
    scope: spokeInScope,
    handler: async ({ resource }) => withdrawForm(resource, {}),
  }),
  definePage({
    method: 'post',
    path: '/spoke-applications/:id/withdraw',
    summary: 'Withdraw a spoke application',
    policy: { roles: SPOKE_ACTION_ROLES.withdrawal },
    params: IdParams,
    scope: spokeInScope,
    body: WithdrawalForm,
    messages: { reason: 'Enter why the application is being withdrawn', 'reason:too_big': 'The reason must be 2,000 characters or fewer' },
    invalid: async ({ resource, req }, errors) => withdrawForm(resource, fieldsOf(req.body), errors),
    handler: async ({ deps, user, resource, body, req, requestId }) =>
      orRefusal(
        async () => {
          await takeSpokeAction(deps, user!.actor, resource, 'withdrawal', body, requestId);
          return redirect(`${spokePath(resource.view)}?done=withdrawn`);
        },
        (errors, status) => withdrawForm(resource, fieldsOf(req.body), errors, status),
        { firstField: 'reason' },
      ),
  }),
];
