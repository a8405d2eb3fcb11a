/**
 * Correct one of the two named people (`/spoke-applications/:id/people/:role`): the practice-based
 * administrator or educationalist left, or their address was mistyped. The API's body schema,
 * policy and service (POST /api/spoke-applications/:id/people); not a step of the process.
 */
import { z } from 'zod';
import { correctSpokePeople, type StoredSpoke } from '../../../api/services/spoke-applications';
import { IdParams } from '../../../domain/reference-data';
import { PEOPLE_CORRECTORS, PeopleCorrectionBody } from '../../../domain/spoke-accreditation';
import type { FormErrors } from '../../forms';
import { formOf } from '../../form-fields';
import { definePage, type PageResult, redirect, render } from '../page';
import { fieldsOf, orRefusal, spokeInScope, spokePath } from './shared';

const PERSON_TITLES = {
  administrator: { title: 'Change the practice-based administrator', who: 'administrator' },
  educationalist: { title: 'Change the practice-based educationalist', who: 'educationalist' },
} as const;

const PeopleParams = IdParams.extend({ role: PeopleCorrectionBody.shape.role });
type NamedRole = z.infer<typeof PeopleParams>['role'];

const trimmed = (value: unknown) => (typeof value === 'string' ? value.trim() : value);
const PersonForm = formOf(PeopleCorrectionBody.omit({ role: true }), (f) => ({ name: trimmed(f.name), email: trimmed(f.email) }));

function personForm(spoke: StoredSpoke, role: NamedRole, values: Record<string, unknown>, errors?: FormErrors, status = 200): PageResult {
  const { title, who } = PERSON_TITLES[role];
  return render(
    'pages/spoke-applications/people.njk',
    { pageTitle: title, title, who, role, view: spoke.view, current: spoke.view[role], values, errors },
    status,
  );
}

const policy = { roles: PEOPLE_CORRECTORS };

export const peoplePages = [
  definePage({
    method: 'get',
    path: '/spoke-applications/:id/people/:role',
    summary: 'Change a named person of a spoke application',
    policy,
    params: PeopleParams,
    scope: spokeInScope,
    handler: async ({ resource, params }) => personForm(resource, params.role, { ...resource.view[params.role] }),
  }),
  definePage({
    method: 'post',
    path: '/spoke-applications/:id/people/:role',
    summary: 'Change a named person of a spoke application',
    policy,
    params: PeopleParams,
    scope: spokeInScope,
    body: PersonForm,
    messages: {
      name: 'Enter their full name',
      email: 'Enter their email address, like name@example.nhs.uk',
    },
    invalid: async ({ resource, params, req }, errors) => personForm(resource, params.role, fieldsOf(req.body), errors),
    handler: async ({ deps, user, resource, params, body, req, requestId }) =>
      orRefusal(
        async () => {
          await correctSpokePeople(deps, user!.actor, resource, { role: params.role, ...body }, requestId);
          return redirect(`${spokePath(resource.view)}?done=${params.role}-changed`);
        },
        (errors, status) => personForm(resource, params.role, fieldsOf(req.body), errors, status),
        { firstField: 'name' },
      ),
  }),
];
