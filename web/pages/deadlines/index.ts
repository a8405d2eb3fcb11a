/**
 * Deadlines (`/deadlines`): every waiting step in the person's scope, soonest first (overdue ones
 * on top), 25 to a page; by default those waiting on the person's own role ("for you"), or all in
 * scope; filtered by status and by kind of process; with the same rows as a CSV, and a calendar
 * feed to subscribe to. The same services as GET /api/deadlines, /api/deadlines.csv and
 * POST /api/me/calendar-token.
 */
import { z } from 'zod';
import { issueCalendarToken } from '../../../api/services/calendar';
import { countDeadlines, listNamedDeadlines } from '../../../api/services/deadlines';
import { BOOTSTRAP_ADMIN_ID } from '../../../api/auth/authenticate';
import { DEADLINE_STATUSES, SUBJECT_TYPES } from '../../../domain/deadlines';
import { subjectPath } from '../../../domain/process';
import { ROLES } from '../../../domain/roles';
import { dueWords } from '../../content/time';
import { PAGE_SIZE, listUrl, pagination, showing } from '../../paging';
import { definePage, redirect, render } from '../page';

const blank = z.literal('').transform(() => undefined);

const DeadlinesQuery = z.object({
  waiting: z.enum(['mine', 'all']).default('mine'),
  status: z.enum(DEADLINE_STATUSES).optional().or(blank),
  subjectType: z.enum(SUBJECT_TYPES).optional().or(blank),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});

const STATUS_CHOICES = [
  { value: '', text: 'Due or overdue' },
  { value: 'overdue', text: 'Overdue' },
  { value: 'due', text: 'Not yet due' },
];
const KIND_CHOICES = [
  { value: '', text: 'All processes' },
  { value: 'eoi', text: 'Expressions of interest' },
  { value: 'spoke_application', text: 'Spoke accreditation' },
];
const WAITING_CHOICES = [
  { value: 'mine', text: 'Waiting for you' },
  { value: 'all', text: 'Everything in your scope' },
];

const chosen = (choices: { value: string; text: string }[], value: string | undefined) =>
  choices.map((choice) => ({ ...choice, selected: choice.value === (value ?? '') }));

export const deadlinePages = [
  definePage({
    method: 'get',
    path: '/deadlines',
    summary: 'See the deadlines',
    policy: { roles: ROLES },
    query: DeadlinesQuery,
    async handler({ deps, user, query }) {
      const now = deps.now();
      const filters = { status: query.status, subjectType: query.subjectType };
      const scoped = { ...filters, ...(query.waiting === 'mine' ? { ownerRole: user!.role } : {}) };
      const [page, total] = await Promise.all([
        listNamedDeadlines(deps, user!.actor, scoped, { limit: PAGE_SIZE, pageNumber: query.page }, now),
        countDeadlines(deps, user!.actor, scoped, now),
      ]);
      const shownFilters = { waiting: query.waiting === 'mine' ? undefined : query.waiting, ...filters };
      return render('pages/deadlines/list.njk', {
        pageTitle: 'Deadlines',
        waiting: chosen(WAITING_CHOICES, query.waiting),
        statuses: chosen(STATUS_CHOICES, query.status),
        kinds: chosen(KIND_CHOICES, query.subjectType),
        filtered: query.waiting !== 'mine' || !!query.status || !!query.subjectType,
        items: page.items.map((item) => ({
          ...item,
          href: subjectPath(item.subjectType, item.subjectId),
          subjectName: item.subjectName ?? item.subjectId,
          when: dueWords(item.dueAt, now),
        })),
        showing: showing(query.page, page.items.length, total),
        pagination: pagination('/deadlines', shownFilters, query.page, total),
        // The CSV has every matching row in scope, whoever must act (the API's export filters).
        csvHref: listUrl('/reports/deadlines.csv', filters),
        // The bootstrap administrator (ADMIN_TOKEN) has no user record to hold a feed.
        canSubscribe: user!.actor.userId !== BOOTSTRAP_ADMIN_ID,
      });
    },
  }),
  definePage({
    method: 'post',
    path: '/deadlines/calendar-feed',
    summary: 'Get a calendar feed of my deadlines',
    policy: { roles: ROLES },
    // The form has no fields (the CSRF token only), so nothing in it can be refused.
    body: z.object({}),
    invalid: async () => redirect('/deadlines'),
    async handler({ deps, user, requestId }) {
      const feed = await issueCalendarToken(deps, user!.actor, requestId);
      // Shown on this answer only (pages are never cached): the secret is stored nowhere to show again.
      return render('pages/deadlines/calendar-feed.njk', { pageTitle: 'Your calendar feed', feed });
    },
  }),
];
