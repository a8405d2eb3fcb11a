/**
 * Starting an expression of interest (organisations): one question page at a time, then check
 * your answers, then send. The answers are kept in a draft (api/services/eoi-drafts.ts) between
 * pages; every page validates its answers with the API's submission schema, and sending runs the
 * API's submission service, with the draft's id as the idempotency key (sending twice is safe).
 */
import { z } from 'zod';
import { toProblem } from '../../../api/http/errors';
import { invalidField } from '../../../api/http/problem';
import {
  type EoiAnswers,
  type EoiDraft,
  loadEoiDraft,
  markEoiDraftSent,
  saveEoiAnswers,
  startEoiDraft,
} from '../../../api/services/eoi-drafts';
import { submitEoi, universityRunsProgramme } from '../../../api/services/eois';
import { intakeChoiceById, intakeChoices, universityChoiceById, universityChoices } from '../../../api/services/reference-choices';
import { ContactSchema, DeclarationsSchema, refineDeclarations, SubmitEoiBody } from '../../../domain/eoi/schemas';
import { SERVICE_TYPES } from '../../../domain/reference-data';
import { SERVICE_TYPE_NAMES } from '../../content/eoi';
import type { WebDeps } from '../../deps';
import { fieldId, formErrors, formErrorsFromProblem, formErrorsFromZod, refusalStatus, type FormErrors } from '../../forms';
import { type AnyPage, type CurrentUser, definePage, type PageResult, redirect, render } from '../page';
import { asNumber, asTicked, blankAsMissing, formOf, nest } from '../../form-fields';

const shape = SubmitEoiBody.shape;
const DraftParams = z.strictObject({ draftId: z.string().regex(/^draft_[A-Za-z0-9_-]{1,40}$/) });
const ChangeQuery = z.object({ change: z.literal('1').optional() });

export const DECLARATIONS = [
  {
    name: 'jobDescriptionAndPersonSpec',
    text: 'The job description and person specification for the trainee post are complete',
    hint: 'The role the trainee will do while training, and what they need to bring to it, are written down and agreed.',
  },
  {
    name: 'hrArrangementsConfirmed',
    text: 'HR arrangements for successful candidates are confirmed',
    hint: 'Your HR team knows about the posts: contracts, secondments or backfill for the people who are recruited.',
  },
  {
    name: 'bandedPostGuaranteed',
    text: 'An appropriately banded post is guaranteed when they qualify',
    hint: 'Each trainee will have a post at the right band or grade to move into once they complete the programme.',
  },
] as const;

const MESSAGES = {
  intakeId: 'Select the intake you are applying for',
  universityId: 'Select the university',
  serviceType: 'Select the service type',
  pathway: 'Pathway can use letters, numbers, spaces, hyphens and underscores only, up to 100 characters',
  placesRequested: 'Enter how many places you are asking for, from 1 to 500',
  'contact.name': 'Enter the name of the person the university should contact',
  'contact.email': 'Enter their email address, like name@example.nhs.uk',
  'declarations.jobDescriptionAndPersonSpec': 'Confirm the job description and person specification are complete',
  'declarations.hrArrangementsConfirmed': 'Confirm the HR arrangements for successful candidates',
  'declarations.bandedPostGuaranteed': 'Confirm a banded post is guaranteed on qualification',
};

interface Step {
  slug: 'university' | 'places' | 'contact' | 'declarations';
  title: string;
  /** The answer keys this page asks for. */
  fields: readonly string[];
  /** The page's answers converted and validated as the API would (its schema's fields). */
  schema: z.ZodType;
  /** Checks against reference data, as the submission service makes them. */
  check?: (deps: WebDeps, user: CurrentUser, draft: EoiDraft, answers: EoiAnswers) => Promise<void>;
  model?: (deps: WebDeps, user: CurrentUser, draft: EoiDraft) => Promise<Record<string, unknown>>;
}

/**
 * The draft's intake, read by its id within the person's scope: not looked for in the list of
 * choices, which holds only the first 500 intakes (an intake past them showed no universities).
 */
async function draftIntake(deps: WebDeps, user: CurrentUser, draft: EoiDraft) {
  const id = draft.answers.intakeId;
  return id ? intakeChoiceById(deps, user.actor, id) : undefined;
}

const STEPS: readonly Step[] = [
  {
    slug: 'university',
    title: 'Which university will run the training?',
    fields: ['universityId'],
    schema: z.strictObject({ universityId: shape.universityId }),
    async check(deps, user, draft, answers) {
      const intake = await draftIntake(deps, user, draft);
      if (intake) await universityRunsProgramme(deps, answers.universityId!, intake.programmeId);
    },
    async model(deps, user, draft) {
      const intake = await draftIntake(deps, user, draft);
      return { intake, universities: intake ? await universityChoices(deps, user.actor, { programmeId: intake.programmeId }) : [] };
    },
  },
  {
    slug: 'places',
    title: 'About the places',
    fields: ['serviceType', 'pathway', 'placesRequested'],
    schema: formOf(
      z.strictObject({ serviceType: shape.serviceType, pathway: shape.pathway, placesRequested: shape.placesRequested }),
      (f) => ({
        ...f,
        pathway: blankAsMissing(f.pathway),
        placesRequested: asNumber(f.placesRequested),
      }),
    ),
    model: async () => ({ serviceTypes: SERVICE_TYPES.map((value) => ({ value, text: SERVICE_TYPE_NAMES[value]! })) }),
  },
  {
    slug: 'contact',
    title: 'Who should the university contact?',
    fields: ['contact.name', 'contact.email'],
    schema: formOf(z.strictObject({ contact: ContactSchema }), nest),
  },
  {
    slug: 'declarations',
    title: 'Declarations',
    fields: DECLARATIONS.map((d) => `declarations.${d.name}`),
    schema: formOf(
      z
        .strictObject({ declarations: DeclarationsSchema })
        .superRefine((body, ctx) => refineDeclarations(body.declarations, ctx, ['declarations'])),
      (f) => ({ declarations: Object.fromEntries(DECLARATIONS.map((d) => [d.name, asTicked(f[`declarations.${d.name}`])])) }),
    ),
    model: async () => ({ declarations: DECLARATIONS }),
  },
];

const draftUrl = (draft: EoiDraft, page: string) => `/eois/drafts/${draft.id}/${page}`;

/** Where a person left off: the first question page with no answer yet, or check your answers. */
export function resumePath(draft: EoiDraft): string {
  const answered = (field: string) => (draft.answers[field] ?? '').trim() !== '';
  const next = STEPS.find((step) => !step.fields.some(answered));
  return draftUrl(draft, next?.slug ?? 'check');
}

/** The answers as the API's submission body (what check-your-answers sends). */
function toSubmission(answers: EoiAnswers, organisationId: string | undefined) {
  return {
    organisationId,
    intakeId: answers.intakeId,
    universityId: answers.universityId,
    serviceType: answers.serviceType,
    ...(blankAsMissing(answers.pathway) !== undefined ? { pathway: answers.pathway } : {}),
    placesRequested: asNumber(answers.placesRequested),
    contact: { name: answers['contact.name'], email: answers['contact.email'] },
    declarations: Object.fromEntries(DECLARATIONS.map((d) => [d.name, asTicked(answers[`declarations.${d.name}`])])),
  };
}

/** Which page asks for a field, so an error on check-your-answers links to where to change it. */
function pageOfField(path: string): string {
  const field = path.replace(/^body\./, '');
  if (field === 'intakeId' || field === 'organisationId') return 'intake';
  return STEPS.find((s) => s.fields.some((f) => f === field || f.startsWith(`${field}.`) || field.startsWith(`${f}.`)))?.slug ?? 'check';
}

const draftScope = ({ user, params, deps }: { user: CurrentUser; params: { draftId: string }; deps: WebDeps }) =>
  loadEoiDraft(deps, user.actor, params.draftId);

async function intakePage(deps: WebDeps, user: CurrentUser, values: Record<string, unknown>, errors?: FormErrors, status = 200) {
  const now = deps.now();
  const intakes = await intakeChoices(deps, user.actor, { openAt: now });
  return render('pages/eois/start/intake.njk', { pageTitle: 'Which intake are you applying for?', intakes, values, errors }, status);
}

async function stepPage(
  step: Step,
  deps: WebDeps,
  user: CurrentUser,
  draft: EoiDraft,
  options: { values?: Record<string, unknown>; errors?: FormErrors; change?: boolean; status?: number } = {},
) {
  const index = STEPS.indexOf(step);
  return render(
    `pages/eois/start/${step.slug}.njk`,
    {
      pageTitle: step.title,
      draft,
      values: options.values ?? draft.answers,
      errors: options.errors,
      action: `${draftUrl(draft, step.slug)}${options.change ? '?change=1' : ''}`,
      backHref: options.change ? draftUrl(draft, 'check') : index === 0 ? '/eois/new' : draftUrl(draft, STEPS[index - 1]!.slug),
      ...(step.model ? await step.model(deps, user, draft) : {}),
    },
    options.status ?? 200,
  );
}

async function checkPage(deps: WebDeps, user: CurrentUser, draft: EoiDraft, errors?: FormErrors, status = 200): Promise<PageResult> {
  const intake = await draftIntake(deps, user, draft);
  const university = draft.answers.universityId ? await universityChoiceById(deps, user.actor, draft.answers.universityId) : undefined;
  return render(
    'pages/eois/start/check.njk',
    {
      pageTitle: 'Check your answers before sending your expression of interest',
      draft,
      answers: draft.answers,
      intake,
      university,
      serviceType: SERVICE_TYPE_NAMES[draft.answers.serviceType ?? ''],
      declarations: DECLARATIONS.map((d) => ({ ...d, given: asTicked(draft.answers[`declarations.${d.name}`]) })),
      changeHref: (page: string) => (page === 'intake' ? '/eois/new' : `${draftUrl(draft, page)}?change=1`),
      errors,
    },
    status,
  );
}

/** A sent draft leads to what it became. */
const sentAlready = (draft: EoiDraft) => (draft.submittedId ? redirect(`/eois/${draft.submittedId}`) : undefined);

export const startEoiPages: AnyPage[] = [
  definePage({
    method: 'get',
    path: '/eois/new',
    summary: 'Start an expression of interest',
    policy: { roles: ['org_submitter'] },
    handler: async ({ deps, user }) => intakePage(deps, user!, {}),
  }),
  definePage({
    method: 'post',
    path: '/eois/new',
    summary: 'Start an expression of interest',
    policy: { roles: ['org_submitter'] },
    body: z.strictObject({ intakeId: shape.intakeId }),
    messages: MESSAGES,
    invalid: async ({ deps, user, body }, errors) => intakePage(deps, user!, body, errors, 400),
    async handler({ deps, user, body }) {
      const open = await intakeChoices(deps, user!.actor, { openAt: deps.now() });
      if (!open.some((i) => i.id === body.intakeId)) {
        return intakePage(
          deps,
          user!,
          body,
          formErrors([{ path: 'intakeId', message: 'That intake is not taking expressions of interest now' }]),
          400,
        );
      }
      const draft = await startEoiDraft(deps, user!.actor, { intakeId: body.intakeId });
      return redirect(draftUrl(draft, STEPS[0]!.slug));
    },
  }),

  ...STEPS.flatMap((step, index) => [
    definePage({
      method: 'get',
      path: `/eois/drafts/:draftId/${step.slug}`,
      summary: 'Start an expression of interest',
      policy: { roles: ['org_submitter'] },
      params: DraftParams,
      scope: draftScope,
      query: ChangeQuery,
      handler: async ({ deps, user, resource, query }) =>
        sentAlready(resource) ?? stepPage(step, deps, user!, resource, { change: !!query.change }),
    }),
    definePage({
      method: 'post',
      path: `/eois/drafts/:draftId/${step.slug}`,
      summary: 'Start an expression of interest',
      policy: { roles: ['org_submitter'] },
      params: DraftParams,
      scope: draftScope,
      query: ChangeQuery,
      body: step.schema,
      messages: MESSAGES,
      invalid: async ({ deps, user, resource, query, body }, errors) =>
        stepPage(step, deps, user!, resource, { values: body, errors, change: !!query.change, status: 400 }),
      async handler({ deps, user, resource, query, req }) {
        const sent = sentAlready(resource);
        if (sent) return sent;
        // Keep the page's answers as typed: the same conversion runs again when the draft is sent.
        const raw = (req.body ?? {}) as Record<string, unknown>;
        const answers = Object.fromEntries(step.fields.map((f) => [f, typeof raw[f] === 'string' ? (raw[f] as string) : undefined]));
        try {
          await step.check?.(deps, user!, resource, answers);
        } catch (error) {
          const problem = toProblem(error);
          if (!refusalStatus(problem)) throw error;
          const errors = formErrorsFromProblem(problem, { firstField: step.fields[0]! });
          return stepPage(step, deps, user!, resource, { values: raw, errors, change: !!query.change, status: problem.status });
        }
        const draft = await saveEoiAnswers(deps, resource, answers);
        const next = query.change || index === STEPS.length - 1 ? 'check' : STEPS[index + 1]!.slug;
        return redirect(draftUrl(draft, next));
      },
    }),
  ]),

  definePage({
    method: 'get',
    path: '/eois/drafts/:draftId/check',
    summary: 'Check your answers',
    policy: { roles: ['org_submitter'] },
    params: DraftParams,
    scope: draftScope,
    handler: async ({ deps, user, resource }) => sentAlready(resource) ?? checkPage(deps, user!, resource),
  }),
  definePage({
    method: 'post',
    path: '/eois/drafts/:draftId/check',
    summary: 'Send an expression of interest',
    policy: { roles: ['org_submitter'] },
    params: DraftParams,
    scope: draftScope,
    async handler({ deps, user, resource, requestId }) {
      const sent = sentAlready(resource);
      if (sent) return sent;
      const parsed = SubmitEoiBody.safeParse(toSubmission(resource.answers, user!.actor.organisationId));
      try {
        if (!parsed.success) {
          const first = parsed.error.issues[0]!;
          throw invalidField(`body.${first.path.join('.')}`, first.message);
        }
        const eoi = await submitEoi(deps, user!.actor, parsed.data, { requestId, idempotencyKey: resource.id });
        await markEoiDraftSent(deps, resource, eoi.id);
        return redirect(`/eois/${eoi.id}?done=sent`);
      } catch (error) {
        const problem = toProblem(error);
        if (!refusalStatus(problem)) throw error;
        const errors = parsed.success
          ? formErrorsFromProblem(problem, { firstField: 'send' })
          : formErrorsFromZod(parsed.error, { messages: MESSAGES });
        // Each error links to the page where the answer can be changed.
        errors.summary.errorList = errors.summary.errorList.map((item) => {
          const path = item.href.slice(1);
          const field = Object.keys(errors.fields).find((f) => fieldId(f) === path) ?? path;
          const page = pageOfField(field);
          return {
            ...item,
            href: page === 'check' ? item.href : page === 'intake' ? '/eois/new' : `${draftUrl(resource, page)}?change=1#${path}`,
          };
        });
        return checkPage(deps, user!, resource, errors, problem.status);
      }
    },
  }),
];
