/**
 * Adding someone (`/users/new`): their name, email address, role and, for a scoped role, what
 * they work for; then they are emailed an invitation to sign in. The form is the API's schema
 * (CreateUserBody with sendInvitation) and the same service checks it, so the page refuses what
 * the API refuses. A hidden key makes sending the form twice add the person once.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { toProblem } from '../../../api/http/errors';
import { hubChoices, organisationChoices, practiceChoices, universityChoices } from '../../../api/services/reference-choices';
import { addUser, assertScopeExists, sendInvitation } from '../../../api/services/users';
import { newId } from '../../../api/routes/ids';
import { ROLE_NAMES, ROLES, type Role } from '../../../domain/roles';
import { CreateUserBody, SCOPE_FIELDS, scopeFieldOf } from '../../../domain/users';
import { ROLE_HINTS, SCOPE_FIELD_WORDS } from '../../content/users';
import type { WebDeps } from '../../deps';
import { formErrorsFromProblem, refusalStatus, type FormErrors } from '../../forms';
import { blankAsMissing, formOf } from '../../form-fields';
import { type CurrentUser, definePage, type PageResult, redirect, render } from '../page';
import { USER_ADMINS } from './shared';

/**
 * The form's fields as the API's body: only the record the chosen role works for is kept (the
 * other lists are on the page too when JavaScript is off), and the person is always invited.
 */
const NewUserForm = formOf(CreateUserBody, (f) => {
  const field = scopeFieldOf(f.role as Role);
  return {
    name: f.name,
    email: f.email,
    role: blankAsMissing(f.role),
    ...(field ? { [field]: blankAsMissing(f[field]) } : {}),
    sendInvitation: true,
  };
});

const MESSAGES: Record<string, string> = {
  name: 'Enter their full name',
  email: 'Enter their email address, like name@example.nhs.uk',
  role: 'Select their role',
  ...Object.fromEntries(SCOPE_FIELDS.map((field) => [field, SCOPE_FIELD_WORDS[field].choose])),
};

const FORM_KEY = /^[A-Za-z0-9_-]{22}$/;

async function form(
  deps: WebDeps,
  user: CurrentUser,
  values: Record<string, unknown>,
  errors?: FormErrors,
  status = 200,
): Promise<PageResult> {
  const [organisations, universities, hubs, practices] = await Promise.all([
    organisationChoices(deps, user.actor),
    universityChoices(deps, user.actor),
    hubChoices(deps, user.actor),
    practiceChoices(deps, user.actor),
  ]);
  const choices = { organisationId: organisations, universityId: universities, hubId: hubs, practiceId: practices };
  const formKey =
    typeof values.formKey === 'string' && FORM_KEY.test(values.formKey)
      ? values.formKey
      : randomBytes(16).toString('base64url').slice(0, 22);
  return render(
    'pages/users/new.njk',
    {
      pageTitle: 'Add a user',
      values,
      errors,
      formKey,
      roles: ROLES.map((role) => {
        const field = scopeFieldOf(role);
        return {
          value: role,
          text: ROLE_NAMES[role],
          hint: ROLE_HINTS[role],
          scope: field
            ? {
                field,
                label: SCOPE_FIELD_WORDS[field].label,
                items: [
                  { value: '', text: 'Select one' },
                  ...choices[field].map((c) => ({ value: c.id, text: c.name, selected: values[field] === c.id })),
                ],
                noChoices: choices[field].length === 0,
              }
            : undefined,
        };
      }),
    },
    status,
  );
}

export const newUserPages = [
  definePage({
    method: 'get',
    path: '/users/new',
    summary: 'Add a user',
    policy: { roles: USER_ADMINS },
    handler: async ({ deps, user }) => form(deps, user!, {}),
  }),
  definePage({
    method: 'post',
    path: '/users/new',
    summary: 'Add a user',
    policy: { roles: USER_ADMINS },
    body: z.preprocess((raw) => {
      const { formKey: _key, ...fields } = (raw ?? {}) as Record<string, unknown>;
      return fields;
    }, NewUserForm),
    messages: MESSAGES,
    invalid: async ({ deps, user, req }, errors) => form(deps, user!, fieldsOf(req.body), errors, 400),
    async handler({ deps, user, body, req, requestId }) {
      const actor = user!.actor;
      const values = fieldsOf(req.body);
      const formKey = typeof values.formKey === 'string' && FORM_KEY.test(values.formKey) ? values.formKey : undefined;
      const id = newId('usr', { userId: actor.userId, idempotencyKey: formKey && `page-${formKey}` });
      // The same form sent again (a double click, a retry): the person was added the first time.
      if (await deps.db.prisma.user.findUnique({ where: { id } })) return redirect(`/users/${id}`);
      try {
        await assertScopeExists(deps.db.prisma, body);
        await addUser(deps, actor, id, body, requestId);
      } catch (error) {
        const problem = toProblem(error);
        const status = refusalStatus(problem);
        if (!status) throw error;
        return form(deps, user!, values, formErrorsFromProblem(problem, { firstField: 'name', messages: MESSAGES }), status);
      }
      const invitation = await sendInvitation(deps, id, actor, requestId);
      return redirect(`/users/${id}?done=${invitation.status === 'sent' ? 'invited' : 'not-invited'}`);
    },
  }),
];

function fieldsOf(body: unknown): Record<string, unknown> {
  const { _csrf: _token, ...values } = (body ?? {}) as Record<string, unknown>;
  return values;
}
