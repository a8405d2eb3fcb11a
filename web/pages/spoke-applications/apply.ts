/**
 * A practice manager applies for their practice to become a spoke of a training hub
 * (`/spoke-applications/new`): the hub, and the two people the quality markers name (the
 * practice-based administrator and educationalist); then "check your answers", then the same
 * service as POST /api/spoke-applications. The answers travel in the check page's hidden fields
 * (nothing is stored before the application exists); a hidden key makes sending it twice open
 * one application.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { applyForSpoke } from '../../../api/services/spoke-applications';
import { hubChoices } from '../../../api/services/reference-choices';
import { ApplySpokeBody } from '../../../domain/spoke-accreditation';
import type { WebDeps } from '../../deps';
import { formErrorsFromZod, type FormErrors } from '../../forms';
import { nest } from '../../form-fields';
import { type CurrentUser, definePage, type PageResult, redirect, render } from '../page';
import { fieldsOf, orRefusal } from './shared';

const APPLICANTS = ['practice_manager'] as const;
const FIELDS = ['hubId', 'administrator.name', 'administrator.email', 'educationalist.name', 'educationalist.email'] as const;
const FORM_KEY = /^[A-Za-z0-9_-]{22}$/;

const MESSAGES: Record<string, string> = {
  hubId: 'Select the training hub',
  'administrator.name': 'Enter the administrator’s full name',
  'administrator.email': 'Enter the administrator’s email address, like name@example.nhs.uk',
  'educationalist.name': 'Enter the educationalist’s full name',
  'educationalist.email': 'Enter the educationalist’s email address, like name@example.nhs.uk',
};

/** The form's answers (strings) and the key that makes the application once. */
const AnswersForm = z.object({
  ...Object.fromEntries(FIELDS.map((f) => [f, z.string().max(1000).optional()])),
  formKey: z.string().regex(FORM_KEY).optional(),
  change: z.string().max(10).optional(),
});

const valuesOf = (fields: Record<string, unknown>) =>
  Object.fromEntries(FIELDS.map((f) => [f, typeof fields[f] === 'string' ? (fields[f] as string).trim() : undefined]));

/** The answers as the API's body: its schema decides, with its field paths. */
function asBody(user: CurrentUser, values: Record<string, unknown>) {
  return ApplySpokeBody.safeParse({ practiceId: user.actor.practiceId, ...nest(valuesOf(values)) });
}

async function practiceOf(deps: WebDeps, user: CurrentUser) {
  const practice = await deps.db.prisma.practice.findUnique({
    where: { id: user.actor.practiceId ?? '-' },
    select: { name: true, hubId: true },
  });
  return { name: practice?.name ?? 'Your practice', hubId: practice?.hubId ?? undefined };
}
const practiceName = async (deps: WebDeps, user: CurrentUser) => (await practiceOf(deps, user)).name;

async function form(
  deps: WebDeps,
  user: CurrentUser,
  values: Record<string, unknown>,
  errors?: FormErrors,
  status = 200,
): Promise<PageResult> {
  const [practice, allHubs] = await Promise.all([practiceOf(deps, user), hubChoices(deps, user.actor)]);
  // A practice of a hub applies to that hub only (domain: checkPracticeHub); the others are not offered.
  const hubs = practice.hubId ? allHubs.filter((h) => h.id === practice.hubId) : allHubs;
  const formKey =
    typeof values.formKey === 'string' && FORM_KEY.test(values.formKey)
      ? values.formKey
      : randomBytes(16).toString('base64url').slice(0, 22);
  return render(
    'pages/spoke-applications/apply.njk',
    {
      pageTitle: 'Apply to become a spoke practice',
      practiceName: practice.name,
      values,
      formKey,
      errors,
      hubs: [
        { value: '', text: 'Select a training hub' },
        ...hubs.map((h) => ({ value: h.id, text: h.name, selected: h.id === values.hubId })),
      ],
    },
    status,
  );
}

async function check(
  deps: WebDeps,
  user: CurrentUser,
  values: Record<string, unknown>,
  formKey: string,
  errors?: FormErrors,
  status = 200,
) {
  const hub = await deps.db.prisma.hub.findUnique({ where: { id: String(values.hubId ?? '-') }, select: { name: true } });
  return render(
    'pages/spoke-applications/apply-check.njk',
    {
      pageTitle: 'Check your answers before applying',
      practiceName: await practiceName(deps, user),
      hubName: hub?.name,
      values,
      formKey,
      fields: FIELDS,
      errors,
    },
    status,
  );
}

export const applyPages = [
  definePage({
    method: 'get',
    path: '/spoke-applications/new',
    summary: 'Apply to become a spoke practice',
    policy: { roles: APPLICANTS },
    handler: async ({ deps, user }) => form(deps, user!, {}),
  }),
  definePage({
    method: 'post',
    path: '/spoke-applications/new',
    summary: 'Apply to become a spoke practice',
    policy: { roles: APPLICANTS },
    body: AnswersForm,
    invalid: async ({ deps, user, req }, errors) => form(deps, user!, valuesOf(fieldsOf(req.body)), errors),
    async handler({ deps, user, body }) {
      const values = { ...valuesOf(body), formKey: body.formKey };
      // "Change" on the check page: the form again, as it was filled in.
      if (body.change) return form(deps, user!, values);
      const parsed = asBody(user!, values);
      if (!parsed.success) return form(deps, user!, values, formErrorsFromZod(parsed.error, { messages: MESSAGES }), 400);
      return check(deps, user!, values, body.formKey ?? randomBytes(16).toString('base64url').slice(0, 22));
    },
  }),
  definePage({
    method: 'post',
    path: '/spoke-applications/new/apply',
    summary: 'Apply to become a spoke practice',
    policy: { roles: APPLICANTS },
    body: AnswersForm,
    invalid: async ({ deps, user, req }, errors) => form(deps, user!, valuesOf(fieldsOf(req.body)), errors),
    async handler({ deps, user, body, requestId }) {
      const values = { ...valuesOf(body), formKey: body.formKey };
      const parsed = asBody(user!, values);
      if (!parsed.success) return form(deps, user!, values, formErrorsFromZod(parsed.error, { messages: MESSAGES }), 400);
      return orRefusal(
        async () => {
          const idempotencyKey = body.formKey && `page-${body.formKey}`;
          const view = await applyForSpoke(deps, user!.actor, parsed.data, { requestId, idempotencyKey });
          return redirect(`/spoke-applications/${view.id}?done=applied`);
        },
        (errors, status) => form(deps, user!, values, errors, status),
        { firstField: 'hubId' },
      );
    },
  }),
];
