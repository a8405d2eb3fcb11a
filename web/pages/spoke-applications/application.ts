/**
 * A spoke application's page (`/spoke-applications/:id`), the target of every email and calendar
 * link about it: its state, the practice and the hub, the evidence per criterion as a task list
 * with the files attached to it and each item's earlier review rounds,
 * the quality visit, the decisions, the deadlines and a timeline of what happened; and, for whoever
 * may act now, the links to do it. The same read model and allowed actions as the API.
 */
import { z } from 'zod';
import { documentsOf } from '../../../api/services/documents';
import { spokeDocumentLinks } from './documents';
import { documentDeletionDue, retentionFactsOf } from '../../../domain/document-retention';
import { loadEvidenceAnswers } from '../../../api/services/spoke-evidence-drafts';
import { withActions, type StoredSpoke } from '../../../api/services/spoke-applications';
import { IdParams } from '../../../domain/reference-data';
import {
  ACTION_OWNER_WORDS,
  actionStatus,
  checkPeopleCorrection,
  earlierRounds,
  spokeDocumentsRefusal,
  isSubmittable,
  type SpokeView,
} from '../../../domain/spoke-accreditation';
import type { FormErrors } from '../../forms';
import { ACTION_TAGS, EVIDENCE_TAGS, SPOKE_ACTION_LINKS, SPOKE_HISTORY_ACTIONS, SPOKE_NEXT, SPOKE_STATUS_TAGS } from '../../content/spoke';
import { dueWords } from '../../content/time';
import type { WebDeps } from '../../deps';
import { documentLink } from '../documents';
import { agreementModel } from './agreement';
import { type CurrentUser, definePage, type PageResult, render } from '../page';
import { SPOKE_READERS, spokeInScope, spokePath } from './shared';

const DONE: Record<string, string> = {
  applied: 'Application started',
  'evidence-sent': 'Evidence sent to the hub',
  reviewed: 'Review recorded',
  'visit-scheduled': 'Quality visit scheduled',
  'visit-recorded': 'Quality visit outcome recorded',
  decided: 'Decision recorded',
  signed: 'Agreement signed',
  countersigned: 'Agreement countersigned',
  withdrawn: 'Application withdrawn',
  suspended: 'Accreditation suspended',
  reinstated: 'Accreditation reinstated',
  'administrator-changed': 'Practice-based administrator changed',
  'educationalist-changed': 'Practice-based educationalist changed',
  extended: 'Accreditation extended',
  'action-done': 'Action marked as done',
  'sent-for-approval': 'Sent for HEE approval',
  'follow-up-scheduled': 'Follow-up visit scheduled',
  documents: 'Supporting documents attached',
};

/** Whether the practice still has to write (or rewrite) this item before the set can be sent. */
export const needsAnswer = (view: SpokeView, item: SpokeView['evidence'][number]) =>
  isSubmittable(view, item) && item.status !== 'submitted';

export async function applicationModel(deps: WebDeps, user: CurrentUser, spoke: StoredSpoke) {
  const view = withActions(spoke.view, user.actor);
  const actions = view.allowedActions ?? [];
  const writing = actions.includes('evidence');
  const answers = writing ? await loadEvidenceAnswers(deps, view) : {};
  const now = deps.now();
  const titles = new Map(view.criteria.map((c) => [c.code, c]));
  const tasks = view.evidence.map((item) => {
    const open = writing && isSubmittable(view, item);
    const drafted = open && answers[item.criterionCode] !== undefined;
    return {
      item,
      criterion: titles.get(item.criterionCode),
      tag: EVIDENCE_TAGS[drafted ? 'draft' : item.status],
      href: open ? spokePath(view, `evidence/${encodeURIComponent(item.criterionCode)}`) : undefined,
      earlier: earlierRounds(item),
    };
  });
  const toWrite = view.evidence.filter((item) => needsAnswer(view, item));
  const documents = await documentsOf(deps, view.id);
  const documentGroups = view.evidence
    .filter((item) => documents.has(item.criterionCode))
    .map((item) => ({ title: item.title, documents: documents.get(item.criterionCode)!.map(documentLink) }));
  // A closed application says when its files go (the daily retention run, domain/document-retention.ts).
  const deletion = documentGroups.length ? documentDeletionDue(retentionFactsOf(view), deps.config.documentRetention) : undefined;
  return {
    documentsDeletedFrom: deletion && {
      at: deletion.from.toISOString(),
      why:
        deletion.rule === 'accreditation_record'
          ? 'after the accreditation ended'
          : `after the application was ${view.status.toLowerCase()}`,
    },
    view,
    state: SPOKE_STATUS_TAGS[view.status],
    next: SPOKE_NEXT[view.status],
    tasks,
    withEarlier: tasks.filter((task) => task.earlier.length > 0),
    documentGroups,
    agreement: await agreementModel(deps, user, spoke),
    writing,
    // The same rule as POST /api/spoke-applications/:id/people: open applications, the practice, its hub, regional staff.
    canChangePeople: checkPeopleCorrection(view, user.actor) === undefined,
    answered: toWrite.filter((item) => answers[item.criterionCode] !== undefined).length,
    toWrite: toWrite.length,
    actions: actions
      .filter((a) => SPOKE_ACTION_LINKS[a])
      .map((a) => ({ ...SPOKE_ACTION_LINKS[a]!, href: spokePath(view, SPOKE_ACTION_LINKS[a]!.path) })),
    actionPlan: view.actionPlan && {
      visitNumber: view.actionPlan.visitNumber,
      rows: view.actionPlan.actions.map((a) => ({
        ...a,
        ownerWords: ACTION_OWNER_WORDS[a.owner],
        tag: ACTION_TAGS[actionStatus(a, now)],
        completable: actions.includes('action-completion') && !a.completedAt,
      })),
      canSend: actions.includes('approval-request'),
      canFollowUp: actions.includes('follow-up-visit'),
    },
    supportingDocuments: await spokeDocumentLinks(deps, user, spoke),
    supportingDocumentsHref: spokeDocumentsRefusal(view, user.actor) ? undefined : spokePath(view, 'documents'),
    deadlines: view.deadlines.map((d) => ({ ...d, when: dueWords(d.dueAt, now) })),
    history: [...view.history].reverse().map((entry) => ({ ...entry, words: SPOKE_HISTORY_ACTIONS[entry.action] ?? entry.action })),
  };
}

export async function applicationPage(
  deps: WebDeps,
  user: CurrentUser,
  spoke: StoredSpoke,
  extra: { done?: string; errors?: FormErrors; status?: number } = {},
): Promise<PageResult> {
  const model = await applicationModel(deps, user, spoke);
  return render(
    'pages/spoke-applications/application.njk',
    {
      pageTitle: `${spoke.view.practiceName}: spoke application`,
      ...model,
      done: extra.done ? DONE[extra.done] : undefined,
      errors: extra.errors,
    },
    extra.status ?? 200,
  );
}

export const applicationPages = [
  definePage({
    method: 'get',
    path: '/spoke-applications/:id',
    summary: 'See a spoke application',
    policy: { roles: SPOKE_READERS },
    params: IdParams,
    scope: spokeInScope,
    query: z.object({ done: z.string().max(40).optional() }),
    handler: async ({ deps, user, resource, query }) => applicationPage(deps, user!, resource, { done: query.done }),
  }),
];
