/**
 * The hub lead's pages on an application: review the evidence (accept, or reject with a comment,
 * per criterion, the item's earlier rounds shown), schedule the quality visit, record its outcome
 * (criteria to resubmit, or an action plan), schedule a follow-up visit once the plan is done;
 * and HEE staff's approval and extension of an accreditation's validity. Each form is the API's body schema; each action the same service call
 * as the API's, so a refusal on the page is the API's refusal, shown as the error summary.
 */
import { z } from 'zod';
import { takeSpokeAction, type StoredSpoke } from '../../../api/services/spoke-applications';
import { atLondonTime } from '../../../domain/london-calendar';
import { IdParams } from '../../../domain/reference-data';
import {
  ACTION_OWNER_WORDS,
  ACTION_OWNERS,
  ApprovalBody,
  earlierRounds,
  EvidenceReviewBody,
  latestExtendedExpiry,
  SPOKE_ACTION_ROLES,
  ValidityExtensionBody,
  VisitBody,
  VisitOutcomeBody,
} from '../../../domain/spoke-accreditation';
import { formErrorsFromZod, type FormErrors } from '../../forms';
import { asCalendarDate, blankAsMissing } from '../../form-fields';
import { definePage, type PageResult, redirect, render } from '../page';
import { fieldsOf, orRefusal, spokeInScope, spokePath } from './shared';

type Fields = Record<string, unknown>;

/** Fields named "items.0.decision" as the API's array of items. */
function itemsOf(fields: Fields): Fields[] {
  const items: Fields[] = [];
  for (const [key, value] of Object.entries(fields)) {
    const match = /^items\.(\d{1,2})\.(\w+)$/.exec(key);
    if (match) (items[Number(match[1])] ??= {})[match[2]!] = value;
  }
  return items.filter(Boolean);
}

const asList = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const Form = z.record(z.string(), z.union([z.string().max(20_000), z.array(z.string().max(100)).max(60)]));

// ---------- evidence review ----------

function reviewForm(spoke: StoredSpoke, values: Fields, errors?: FormErrors, status = 200): PageResult {
  const toReview = spoke.view.evidence
    .filter((item) => item.status === 'submitted')
    .map((item, index) => ({
      item,
      index,
      criterion: spoke.view.criteria.find((c) => c.code === item.criterionCode),
      earlier: earlierRounds(item),
    }));
  return render(
    'pages/spoke-applications/review.njk',
    { pageTitle: 'Review the evidence', view: spoke.view, toReview, values, errors },
    status,
  );
}

function reviewMessages(spoke: StoredSpoke, items: Fields[]): Record<string, string> {
  return Object.fromEntries(
    items.flatMap((item, i) => {
      const title = spoke.view.criteria.find((c) => c.code === item.criterionCode)?.title ?? String(item.criterionCode);
      return [
        [`items.${i}.decision`, `Select accept or reject for “${title}”`],
        [`items.${i}.comment`, `Say what needs to change for “${title}”`],
        [`items.${i}.comment:too_big`, `The comment on “${title}” must be 2,000 characters or fewer`],
      ];
    }),
  );
}

// ---------- visit ----------

function visitForm(spoke: StoredSpoke, values: Fields, errors?: FormErrors, status = 200): PageResult {
  return render(
    'pages/spoke-applications/visit.njk',
    { pageTitle: 'Schedule the quality visit', path: 'visit', view: spoke.view, values, errors },
    status,
  );
}

/** Once every action of the plan is done: the same form, for the follow-up visit. */
function followUpForm(spoke: StoredSpoke, values: Fields, errors?: FormErrors, status = 200): PageResult {
  return render(
    'pages/spoke-applications/visit.njk',
    { pageTitle: 'Schedule a follow-up visit', path: 'follow-up-visit', view: spoke.view, values, errors },
    status,
  );
}

const VISIT_MESSAGES = { scheduledFor: 'Enter the date and time of the visit, for example 15 3 2027 and 10:30' };

/** The date boxes and a time like "10:30" (London) as the instant the API takes, or what was typed. */
function visitBody(fields: Fields): unknown {
  const date = asCalendarDate(fields, 'date');
  const time = typeof fields.time === 'string' ? fields.time.trim() : '';
  if (!date || !time) return { scheduledFor: undefined };
  return { scheduledFor: atLondonTime(date, time) ?? `${date} ${time}` };
}

// ---------- visit outcome ----------

/** How many action rows the outcome form offers (no JavaScript: a fixed number, blank rows left out). */
const ACTION_ROWS = 5;

function outcomeForm(spoke: StoredSpoke, values: Fields, errors?: FormErrors, status = 200): PageResult {
  const chosen = new Set(asList(values.criteria));
  const { administrator, educationalist } = spoke.view;
  const named: Record<string, string> = { administrator: ` (${administrator.name})`, educationalist: ` (${educationalist.name})` };
  const rows = Array.from({ length: ACTION_ROWS }, (_, i) => ({
    index: i,
    number: i + 1,
    owners: [
      { value: '', text: 'Choose the owner' },
      ...ACTION_OWNERS.map((owner) => ({
        value: owner,
        text: `${ACTION_OWNER_WORDS[owner]}${named[owner] ?? ''}`,
        selected: values[`actions.${i}.owner`] === owner,
      })),
    ],
  }));
  return render(
    'pages/spoke-applications/visit-outcome.njk',
    {
      pageTitle: 'Record the quality visit outcome',
      view: spoke.view,
      values,
      errors,
      rows,
      criteria: spoke.view.criteria.map((c) => ({ value: c.code, text: c.title, checked: chosen.has(c.code) })),
    },
    status,
  );
}

/** The action rows as the API's actions: every row up to the last one filled in (a gap is an error to fix, not dropped). */
function actionsOf(fields: Fields): Fields[] {
  const text = (name: string) => (typeof fields[name] === 'string' ? (fields[name] as string).trim() : '');
  const rows = Array.from({ length: ACTION_ROWS }, (_, i) => {
    const due = asCalendarDate(fields, `actions.${i}.due`);
    return {
      description: text(`actions.${i}.description`),
      owner: blankAsMissing(fields[`actions.${i}.owner`]),
      dueDate: due,
      filled: Boolean(text(`actions.${i}.description`) || text(`actions.${i}.owner`) || due),
    };
  });
  const last = rows.map((r) => r.filled).lastIndexOf(true);
  return rows.slice(0, last + 1).map(({ filled: _filled, ...action }) => action);
}

function outcomeMessages(): Record<string, string> {
  const perRow = Array.from({ length: ACTION_ROWS }, (_, i) => [
    [`actions.${i}.description`, `Enter what action ${i + 1} is`],
    [`actions.${i}.description:too_big`, `Action ${i + 1} must be 1,000 characters or fewer`],
    [`actions.${i}.owner`, `Choose who owns action ${i + 1}`],
    [`actions.${i}.dueDate`, `Enter the due date of action ${i + 1}, for example 15 3 2027`],
  ]).flat();
  return {
    outcome: 'Select the outcome of the visit',
    notes: 'Enter the visit notes',
    'notes:too_big': 'The notes must be 4,000 characters or fewer',
    actions: 'Enter at least one action, or select the criteria whose evidence must be resubmitted',
    criteria: 'Select the criteria or enter actions, not both',
    ...Object.fromEntries(perRow),
  };
}

// ---------- approval ----------

function approvalForm(spoke: StoredSpoke, values: Fields, errors?: FormErrors, status = 200): PageResult {
  return render(
    'pages/spoke-applications/approval.njk',
    { pageTitle: 'Approve or reject the accreditation', view: spoke.view, values, errors },
    status,
  );
}

const APPROVAL_MESSAGES = { decision: 'Select approve or reject', comment: 'Give the reason for rejecting the accreditation' };

// ---------- validity extension ----------

function extensionForm(spoke: StoredSpoke, values: Fields, errors?: FormErrors, status = 200): PageResult {
  const until = spoke.view.accreditedUntil;
  return render(
    'pages/spoke-applications/extend.njk',
    {
      pageTitle: 'Extend the accreditation',
      view: spoke.view,
      latest: until ? latestExtendedExpiry(until) : undefined,
      values,
      errors,
    },
    status,
  );
}

const EXTENSION_MESSAGES = {
  accreditedUntil: 'Enter the new expiry date, for example 14 4 2030',
  reason: 'Enter why the accreditation is being extended',
  'reason:too_big': 'The reason must be 2,000 characters or fewer',
};

/** A GET and a POST page for one action: the form, and the action through the service. */
function actionPages<B extends z.ZodType>(options: {
  path: string;
  action: 'evidence-review' | 'visit' | 'visit-outcome' | 'approval' | 'validity-extension' | 'follow-up-visit';
  summary: string;
  schema: B;
  toBody: (fields: Fields) => unknown;
  show: (spoke: StoredSpoke, values: Fields, errors?: FormErrors, status?: number) => PageResult;
  messages: (spoke: StoredSpoke, fields: Fields) => Record<string, string>;
  firstField: string;
  done: string;
}) {
  const policy = { roles: SPOKE_ACTION_ROLES[options.action] };
  return [
    definePage({
      method: 'get',
      path: `/spoke-applications/:id/${options.path}`,
      summary: options.summary,
      policy,
      params: IdParams,
      scope: spokeInScope,
      handler: async ({ resource }) => options.show(resource, {}),
    }),
    definePage({
      method: 'post',
      path: `/spoke-applications/:id/${options.path}`,
      summary: options.summary,
      policy,
      params: IdParams,
      scope: spokeInScope,
      body: Form,
      invalid: async ({ resource, req }, errors) => options.show(resource, fieldsOf(req.body), errors, 400),
      async handler({ deps, user, resource, body, requestId }) {
        const messages = options.messages(resource, body);
        const parsed = options.schema.safeParse(options.toBody(body));
        if (!parsed.success) return options.show(resource, body, formErrorsFromZod(parsed.error, { messages }), 400);
        return orRefusal(
          async () => {
            await takeSpokeAction(deps, user!.actor, resource, options.action, parsed.data as never, requestId);
            return redirect(`${spokePath(resource.view)}?done=${options.done}`);
          },
          // The workflow's refusal in its own words (a past visit date, an item not awaiting review).
          (errors, status) => options.show(resource, body, errors, status),
          { firstField: options.firstField },
        );
      },
    }),
  ];
}

export const hubActionPages = [
  ...actionPages({
    path: 'review',
    action: 'evidence-review',
    summary: 'Review the evidence',
    schema: EvidenceReviewBody,
    toBody: (fields) => ({
      items: itemsOf(fields).map((item) => ({
        criterionCode: item.criterionCode,
        decision: blankAsMissing(item.decision),
        comment: typeof item.comment === 'string' ? item.comment.trim() : item.comment,
      })),
    }),
    show: reviewForm,
    messages: (spoke, fields) => reviewMessages(spoke, itemsOf(fields)),
    firstField: 'items.0.decision',
    done: 'reviewed',
  }),
  ...actionPages({
    path: 'visit',
    action: 'visit',
    summary: 'Schedule the quality visit',
    schema: VisitBody,
    toBody: visitBody,
    show: visitForm,
    messages: () => VISIT_MESSAGES,
    firstField: 'scheduledFor',
    done: 'visit-scheduled',
  }),
  ...actionPages({
    path: 'visit-outcome',
    action: 'visit-outcome',
    summary: 'Record the quality visit outcome',
    schema: VisitOutcomeBody,
    toBody: (fields) => {
      const criteria = asList(fields.criteria);
      const actions = actionsOf(fields);
      return {
        outcome: blankAsMissing(fields.outcome),
        notes: fields.notes,
        ...(criteria.length ? { criteria } : {}),
        ...(actions.length ? { actions } : {}),
      };
    },
    show: outcomeForm,
    messages: outcomeMessages,
    firstField: 'outcome',
    done: 'visit-recorded',
  }),
  ...actionPages({
    path: 'follow-up-visit',
    action: 'follow-up-visit',
    summary: 'Schedule a follow-up quality visit',
    schema: VisitBody,
    toBody: visitBody,
    show: followUpForm,
    messages: () => VISIT_MESSAGES,
    firstField: 'scheduledFor',
    done: 'follow-up-scheduled',
  }),
  ...actionPages({
    path: 'approval',
    action: 'approval',
    summary: 'Approve or reject the accreditation',
    schema: ApprovalBody,
    toBody: (fields) => ({
      decision: blankAsMissing(fields.decision),
      comment: typeof fields.comment === 'string' ? fields.comment.trim() : '',
    }),
    show: approvalForm,
    messages: () => APPROVAL_MESSAGES,
    firstField: 'decision',
    done: 'decided',
  }),
  ...actionPages({
    path: 'extend',
    action: 'validity-extension',
    summary: 'Extend an accreditation’s validity',
    schema: ValidityExtensionBody,
    toBody: (fields) => ({
      accreditedUntil: asCalendarDate(fields, 'date'),
      reason: typeof fields.reason === 'string' ? fields.reason.trim() : fields.reason,
    }),
    show: extensionForm,
    messages: () => EXTENSION_MESSAGES,
    firstField: 'accreditedUntil',
    done: 'extended',
  }),
];
