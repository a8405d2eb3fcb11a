/**
 * The practice's last step, signing the Learning and Development Agreement; and the actions that
 * take a reason, each after a confirmation step: withdrawing an application (practice or HEE
 * staff), suspending and reinstating an accreditation (HEE staff). The API's body schemas and the
 * same service call as the API's.
 */
import { takeSpokeAction, type StoredSpoke } from '../../../api/services/spoke-applications';
import { IdParams } from '../../../domain/reference-data';
import { ReasonBody, SignatureBody, SPOKE_ACTION_ROLES } from '../../../domain/spoke-accreditation';
import { agreementTerms } from '../../../domain/signed-documents';
import type { FormErrors } from '../../forms';
import { formOf } from '../../form-fields';
import { definePage, type PageResult, redirect, render } from '../page';
import { agreementPdfPath } from './agreement';
import { fieldsOf, orRefusal, spokeInScope, spokePath } from './shared';

const trimmed = (value: unknown) => (typeof value === 'string' ? value.trim() : value);

const SignatureForm = formOf(SignatureBody, (f) => ({ signedBy: trimmed(f.signedBy) }));
const ReasonForm = formOf(ReasonBody, (f) => ({ reason: trimmed(f.reason) }));

function agreementForm(spoke: StoredSpoke, values: Record<string, unknown>, errors?: FormErrors, status = 200): PageResult {
  return render(
    'pages/spoke-applications/agreement.njk',
    {
      pageTitle: 'Sign the Learning and Development Agreement',
      view: spoke.view,
      terms: agreementTerms(spoke.view),
      pdfHref: agreementPdfPath(spoke),
      values,
      errors,
    },
    status,
  );
}

/** An action whose form is a reason, after a confirmation step: withdrawal, suspension, reinstatement. */
interface ReasonAction {
  action: 'withdrawal' | 'suspension' | 'reinstatement';
  path: string;
  summary: string;
  title: string;
  warning: { heading: string; text: string };
  label: string;
  buttonText: string;
  /** Enter why ... */
  missing: string;
  done: string;
}

const REASON_ACTIONS: ReasonAction[] = [
  {
    action: 'withdrawal',
    path: 'withdraw',
    summary: 'Withdraw a spoke application',
    title: 'Are you sure you want to withdraw this application?',
    warning: {
      heading: 'This cannot be undone',
      text: 'The application closes and the hub is told. To become a spoke later, the practice applies again.',
    },
    label: 'Why is it being withdrawn?',
    buttonText: 'Withdraw the application',
    missing: 'Enter why the application is being withdrawn',
    done: 'withdrawn',
  },
  {
    action: 'suspension',
    path: 'suspend',
    summary: 'Suspend an accreditation',
    title: 'Are you sure you want to suspend this accreditation?',
    warning: {
      heading: 'No learners should be placed while it is suspended',
      text: 'Reminders and the expiry stop until it is reinstated; the expiry date does not move.',
    },
    label: 'Why is it being suspended?',
    buttonText: 'Suspend the accreditation',
    missing: 'Enter why the accreditation is being suspended',
    done: 'suspended',
  },
  {
    action: 'reinstatement',
    path: 'reinstate',
    summary: 'Reinstate an accreditation',
    title: 'Are you sure you want to reinstate this accreditation?',
    warning: {
      heading: 'It returns to the state it was suspended from',
      text: 'If the accreditation expired while it was suspended, it lapses instead.',
    },
    label: 'Why is it being reinstated?',
    buttonText: 'Reinstate the accreditation',
    missing: 'Enter why the accreditation is being reinstated',
    done: 'reinstated',
  },
];

function reasonPages(options: ReasonAction) {
  const policy = { roles: SPOKE_ACTION_ROLES[options.action] };
  const path = `/spoke-applications/:id/${options.path}`;
  const show = (spoke: StoredSpoke, values: Record<string, unknown>, errors?: FormErrors, status = 200): PageResult =>
    render('pages/spoke-applications/reason.njk', { pageTitle: options.title, ...options, view: spoke.view, values, errors }, status);
  return [
    definePage({
      method: 'get',
      path,
      summary: options.summary,
      policy,
      params: IdParams,
      scope: spokeInScope,
      handler: async ({ resource }) => show(resource, {}),
    }),
    definePage({
      method: 'post',
      path,
      summary: options.summary,
      policy,
      params: IdParams,
      scope: spokeInScope,
      body: ReasonForm,
      messages: { reason: options.missing, 'reason:too_big': 'The reason must be 2,000 characters or fewer' },
      invalid: async ({ resource, req }, errors) => show(resource, fieldsOf(req.body), errors),
      handler: async ({ deps, user, resource, body, req, requestId }) =>
        orRefusal(
          async () => {
            await takeSpokeAction(deps, user!.actor, resource, options.action, body, requestId);
            return redirect(`${spokePath(resource.view)}?done=${options.done}`);
          },
          (errors, status) => show(resource, fieldsOf(req.body), errors, status),
          { firstField: 'reason' },
        ),
    }),
  ];
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
  ...REASON_ACTIONS.flatMap(reasonPages),
];
