/**
 * The practice's evidence, criterion by criterion (the task list on the application's page): each
 * answer is a statement, optionally a link to a document, and files attached to it (stored at
 * once, api/services/documents.ts), saved as it is written; then "check
 * your answers" and one send, which is the API's evidence action on the same service. An answer
 * is checked against the API's own schema (EvidenceBody) as it is saved, so sending is refused
 * only for what the workflow decides (state, accepted items).
 */
import { z } from 'zod';
import { takeSpokeAction, type StoredSpoke } from '../../../api/services/spoke-applications';
import {
  clearEvidenceAnswers,
  type EvidenceAnswer,
  loadEvidenceAnswers,
  saveEvidenceAnswer,
} from '../../../api/services/spoke-evidence-drafts';
import type { Request } from 'express';
import { notFound, ProblemError } from '../../../api/http/problem';
import {
  attachEvidenceDocuments,
  evidenceItemDocuments,
  removedDocumentName,
  removeEvidenceDocument,
  type UploadedFile,
} from '../../../api/services/documents';
import { ALLOWED_TYPE_WORDS, DOCUMENT_FIELD, sizeWords } from '../../../domain/documents';
import type { WebDeps } from '../../deps';
import { documentLink } from '../documents';
import { IdParams, IdSchema } from '../../../domain/reference-data';
import { checkAction, CriterionCodeSchema, EvidenceBody, isSubmittable, type SpokeView } from '../../../domain/spoke-accreditation';
import { formErrors, formErrorsFromZod, type FormErrors } from '../../forms';
import { blankAsMissing } from '../../form-fields';
import { type CurrentUser, definePage, type PageResult, redirect, render } from '../page';
import { needsAnswer } from './application';
import { fieldsOf, orRefusal, spokeInScope, spokePath } from './shared';

const WRITERS = ['practice_manager'] as const;
const CriterionParams = IdParams.extend({ code: CriterionCodeSchema });

const MESSAGES = {
  statement: 'Enter how the practice meets this criterion',
  'statement:too_big': 'The statement must be 4,000 characters or fewer',
  documentUrl: 'Enter the document link as a web address starting with https://, or leave it blank',
};

/** The item the path names, open to the practice now; any other criterion is "not found". */
async function openItem({
  user,
  params,
  deps,
}: {
  user: CurrentUser;
  params: { id: string; code: string };
  deps: Parameters<typeof spokeInScope>[0]['deps'];
}) {
  const spoke = await spokeInScope({ user, params, deps });
  const item = spoke.view.evidence.find((e) => e.criterionCode === params.code);
  const criterion = spoke.view.criteria.find((c) => c.code === params.code);
  if (!item || !criterion) throw notFound('Criterion');
  return { spoke, item, criterion };
}
type OpenItem = Awaited<ReturnType<typeof openItem>>;

async function answerForm(
  deps: WebDeps,
  user: CurrentUser,
  open: OpenItem,
  values: Record<string, unknown>,
  errors?: FormErrors,
  status = 200,
  removed?: string,
): Promise<PageResult> {
  const { spoke, item, criterion } = open;
  const documents = await evidenceItemDocuments(deps, user.actor, spoke, item.criterionCode);
  return render(
    'pages/spoke-applications/evidence-answer.njk',
    {
      pageTitle: criterion.title,
      view: spoke.view,
      item,
      criterion,
      values,
      errors,
      documents: documents.map((d) => ({
        ...documentLink(d),
        removable: d.removable,
        removeAction: removalPath(spoke, item.criterionCode, d.id),
      })),
      removed,
      fileHint: `${ALLOWED_TYPE_WORDS}; up to ${sizeWords(deps.config.documentLimits.maxBytes)} each and ${deps.config.documentLimits.maxPerItem} files for this criterion.`,
    },
    status,
  );
}

/** What the form shows before anything is typed: the saved draft, else the answer sent earlier. */
async function answerSoFar(deps: WebDeps, { spoke, item }: OpenItem): Promise<Record<string, unknown>> {
  const saved = (await loadEvidenceAnswers(deps, spoke.view))[item.criterionCode];
  return saved ?? (item.status === 'missing' ? {} : { statement: item.statement, documentUrl: item.documentUrl });
}

const answerPath = (spoke: StoredSpoke, code: string) => spokePath(spoke, `evidence/${encodeURIComponent(code)}`);
const removalPath = (spoke: StoredSpoke, code: string, documentId: string) =>
  `${answerPath(spoke, code)}/documents/${encodeURIComponent(documentId)}/removal`;

/** The files the form sent: a browser sends an empty part when none was chosen. */
function chosenFiles(req: Request): UploadedFile[] {
  const files = (req.files as Express.Multer.File[] | undefined) ?? [];
  return files.filter((f) => f.fieldname === DOCUMENT_FIELD && !(f.size === 0 && f.originalname === ''));
}

/** A refused upload as the form's error, beside the file field. */
const uploadErrors = (problem: ProblemError): FormErrors =>
  formErrors(
    (problem.errors?.length ? problem.errors : [{ path: DOCUMENT_FIELD, message: problem.message }]).map((e) => ({
      ...e,
      path: DOCUMENT_FIELD,
    })),
  );

/** A single answer checked by the API's evidence schema, its errors on this form's fields. */
function parseAnswer(code: string, fields: Record<string, unknown>): { answer: EvidenceAnswer } | { errors: FormErrors } {
  const documentUrl = blankAsMissing(fields.documentUrl);
  const parsed = EvidenceBody.safeParse({ items: [{ criterionCode: code, statement: fields.statement ?? '', documentUrl }] });
  if (parsed.success) return { answer: parsed.data.items[0]! };
  const asFields = new z.ZodError(parsed.error.issues.map((issue) => ({ ...issue, path: issue.path.slice(2) })));
  return { errors: formErrorsFromZod(asFields, { messages: MESSAGES }) };
}

/** The items the practice still has to answer, with what it has written. */
function toSend(view: SpokeView, answers: Record<string, EvidenceAnswer>) {
  return view.evidence
    .filter((item) => needsAnswer(view, item))
    .map((item) => ({ item, criterion: view.criteria.find((c) => c.code === item.criterionCode)!, answer: answers[item.criterionCode] }));
}

async function checkPage(deps: Parameters<typeof loadEvidenceAnswers>[0], spoke: StoredSpoke, errors?: FormErrors, status = 200) {
  const answers = await loadEvidenceAnswers(deps, spoke.view);
  return render(
    'pages/spoke-applications/evidence-check.njk',
    { pageTitle: 'Check your evidence before sending it', view: spoke.view, rows: toSend(spoke.view, answers), errors },
    status,
  );
}

export const evidencePages = [
  definePage({
    method: 'get',
    path: '/spoke-applications/:id/evidence/:code',
    summary: 'Answer a criterion',
    policy: { roles: WRITERS },
    params: CriterionParams,
    scope: openItem,
    query: z.object({ removed: z.string().max(64).optional() }),
    handler: async ({ deps, user, resource, query }) => {
      const removed = query.removed ? await removedDocumentName(deps, resource.spoke.id, query.removed) : undefined;
      return answerForm(deps, user!, resource, await answerSoFar(deps, resource), undefined, 200, removed);
    },
  }),
  definePage({
    method: 'post',
    path: '/spoke-applications/:id/evidence/:code/documents/:documentId/removal',
    summary: 'Remove a file',
    policy: { roles: WRITERS },
    params: CriterionParams.extend({ documentId: IdSchema }),
    scope: openItem,
    body: z.object({}),
    invalid: async ({ deps, user, resource }, errors) => answerForm(deps, user!, resource, await answerSoFar(deps, resource), errors, 400),
    async handler({ deps, user, resource, params, requestId }) {
      const { spoke, item } = resource;
      try {
        await removeEvidenceDocument(deps, user!.actor, spoke, item.criterionCode, params.documentId, requestId);
      } catch (error) {
        if (!(error instanceof ProblemError) || error.status >= 500 || error.status === 404) throw error;
        const errors = formErrors([{ path: 'documents', message: error.message }]);
        return answerForm(deps, user!, resource, await answerSoFar(deps, resource), errors, error.status);
      }
      return redirect(`${answerPath(spoke, item.criterionCode)}?removed=${encodeURIComponent(params.documentId)}`);
    },
  }),
  definePage({
    method: 'post',
    path: '/spoke-applications/:id/evidence/:code',
    summary: 'Answer a criterion',
    policy: { roles: WRITERS },
    params: CriterionParams,
    scope: openItem,
    body: z.object({ statement: z.string().max(20_000).optional(), documentUrl: z.string().max(4000).optional() }),
    invalid: async ({ deps, user, resource, req }, errors) => answerForm(deps, user!, resource, fieldsOf(req.body), errors),
    async handler({ deps, user, resource, body, req, res, requestId }) {
      const { spoke, item } = resource;
      // The workflow's own rules and words, before anything is saved: the state, then the item.
      const refusal = checkAction(spoke.view, user!.actor, 'evidence');
      if (refusal || !isSubmittable(spoke.view, item)) {
        const words = refusal?.detail ?? `${item.criterionCode} is already ${item.status}`;
        return answerForm(deps, user!, resource, body, formErrors([{ path: 'statement', message: words }]), refusal?.status ?? 409);
      }
      // A file over the limits, refused while the form was read (web/middleware/web-request-parsing.ts).
      const tooLarge = res.locals.uploadRefusal as unknown;
      if (tooLarge instanceof ProblemError) return answerForm(deps, user!, resource, body, uploadErrors(tooLarge), tooLarge.status);
      const parsed = parseAnswer(item.criterionCode, body);
      if ('errors' in parsed) return answerForm(deps, user!, resource, body, parsed.errors, 400);
      const files = chosenFiles(req);
      if (files.length) {
        try {
          await attachEvidenceDocuments(deps, user!.actor, spoke, item.criterionCode, files, requestId);
        } catch (error) {
          if (!(error instanceof ProblemError) || error.status >= 500) throw error;
          return answerForm(deps, user!, resource, body, uploadErrors(error), error.status);
        }
      }
      await saveEvidenceAnswer(deps, user!.actor, spoke.view, item.criterionCode, parsed.answer);
      return redirect(spokePath(spoke.view));
    },
  }),
  definePage({
    method: 'get',
    path: '/spoke-applications/:id/evidence',
    summary: 'Check your evidence',
    policy: { roles: WRITERS },
    params: IdParams,
    scope: spokeInScope,
    handler: async ({ deps, resource }) => checkPage(deps, resource),
  }),
  definePage({
    method: 'post',
    path: '/spoke-applications/:id/evidence',
    summary: 'Send your evidence',
    policy: { roles: WRITERS },
    params: IdParams,
    scope: spokeInScope,
    body: z.object({}),
    invalid: async ({ deps, resource }, errors) => checkPage(deps, resource, errors, 400),
    async handler({ deps, user, resource, requestId }) {
      const rows = toSend(resource.view, await loadEvidenceAnswers(deps, resource.view));
      const missing = rows.filter((row) => !row.answer);
      if (missing.length) {
        const errors = formErrors(
          missing.map((row) => ({ path: `answer-${row.item.criterionCode}`, message: `Answer “${row.criterion.title}”` })),
        );
        return checkPage(deps, resource, errors, 400);
      }
      const items = rows.map((row) => ({ criterionCode: row.item.criterionCode, ...row.answer! }));
      return orRefusal(
        async () => {
          await takeSpokeAction(deps, user!.actor, resource, 'evidence', { items }, requestId);
          await clearEvidenceAnswers(
            deps,
            resource.view,
            items.map((i) => i.criterionCode),
          );
          return redirect(`${spokePath(resource.view)}?done=evidence-sent`);
        },
        (errors, status) => checkPage(deps, resource, errors, status),
        { firstField: 'send' },
      );
    },
  }),
];
