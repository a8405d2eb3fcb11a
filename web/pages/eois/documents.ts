/**
 * An EOI's supporting documents (`/eois/:id/documents`): the organisation's submitter attaches
 * files (stored at once, through the API's service) and removes one attached by mistake while
 * the EOI is still at the stage it was attached in. The EOI's page lists them for everyone in scope.
 */
import type { Request } from 'express';
import { z } from 'zod';
import { ProblemError } from '../../../api/http/problem';
import type { UploadedFile } from '../../../api/services/documents';
import { attachEoiDocuments, eoiDocuments, removedEoiDocumentName, removeEoiDocument } from '../../../api/services/eoi-documents';
import type { StoredEoi } from '../../../api/services/eois';
import { ALLOWED_TYPE_WORDS, DOCUMENT_FIELD, sizeWords } from '../../../domain/documents';
import { eoiDocumentsRefusal } from '../../../domain/eoi';
import { IdParams, IdSchema } from '../../../domain/reference-data';
import type { WebDeps } from '../../deps';
import { formErrors, type FormErrors } from '../../forms';
import { documentLink } from '../documents';
import { type CurrentUser, definePage, type PageResult, redirect, render } from '../page';
import { eoiHeading, eoiInScope } from './shared';

const WRITERS = ['org_submitter'] as const;

export const eoiDocumentsPath = (eoiId: string) => `/eois/${encodeURIComponent(eoiId)}/documents`;
const removalPath = (eoiId: string, documentId: string) => `${eoiDocumentsPath(eoiId)}/${encodeURIComponent(documentId)}/removal`;

/** An EOI's documents as its page and this one show them: a download link, and a removal form when open to the person. */
export async function eoiDocumentLinks(deps: WebDeps, user: CurrentUser, eoi: StoredEoi) {
  return (await eoiDocuments(deps, user.actor, eoi)).map((d) => ({
    ...documentLink(d),
    removable: d.removable,
    removeAction: removalPath(eoi.id, d.id),
  }));
}

async function documentsPage(
  deps: WebDeps,
  user: CurrentUser,
  eoi: StoredEoi,
  extra: { errors?: FormErrors; removed?: string } = {},
  status = 200,
): Promise<PageResult> {
  const refusal = eoiDocumentsRefusal(eoi.view, user.actor);
  return render(
    'pages/eois/documents.njk',
    {
      pageTitle: 'Supporting documents',
      eoi: eoi.view,
      ...(await eoiHeading(deps, eoi.view)),
      documents: await eoiDocumentLinks(deps, user, eoi),
      closed: refusal?.detail,
      fileHint: `${ALLOWED_TYPE_WORDS}; up to ${sizeWords(deps.config.documentLimits.maxBytes)} each and ${deps.config.documentLimits.maxPerItem} files on the expression of interest.`,
      ...extra,
    },
    status,
  );
}

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

export const eoiDocumentPages = [
  definePage({
    method: 'get',
    path: '/eois/:id/documents',
    summary: 'Supporting documents',
    policy: { roles: WRITERS },
    params: IdParams,
    scope: eoiInScope,
    query: z.object({ removed: z.string().max(64).optional() }),
    handler: async ({ deps, user, resource, query }) => {
      const removed = query.removed ? await removedEoiDocumentName(deps, resource.id, query.removed) : undefined;
      return documentsPage(deps, user!, resource, { removed });
    },
  }),
  definePage({
    method: 'post',
    path: '/eois/:id/documents',
    summary: 'Attach supporting documents',
    policy: { roles: WRITERS },
    params: IdParams,
    scope: eoiInScope,
    body: z.object({}),
    invalid: async ({ deps, user, resource }, errors) => documentsPage(deps, user!, resource, { errors }, 400),
    async handler({ deps, user, resource, req, res, requestId }) {
      // A file over the limits, refused while the form was read (web/middleware/web-request-parsing.ts).
      const tooLarge = res.locals.uploadRefusal as unknown;
      if (tooLarge instanceof ProblemError)
        return documentsPage(deps, user!, resource, { errors: uploadErrors(tooLarge) }, tooLarge.status);
      try {
        await attachEoiDocuments(deps, user!.actor, resource, chosenFiles(req), requestId);
      } catch (error) {
        if (!(error instanceof ProblemError) || error.status >= 500) throw error;
        return documentsPage(deps, user!, resource, { errors: uploadErrors(error) }, error.status);
      }
      return redirect(`/eois/${encodeURIComponent(resource.id)}?done=documents`);
    },
  }),
  definePage({
    method: 'post',
    path: '/eois/:id/documents/:documentId/removal',
    summary: 'Remove a supporting document',
    policy: { roles: WRITERS },
    params: IdParams.extend({ documentId: IdSchema }),
    scope: eoiInScope,
    body: z.object({}),
    invalid: async ({ deps, user, resource }, errors) => documentsPage(deps, user!, resource, { errors }, 400),
    async handler({ deps, user, resource, params, requestId }) {
      try {
        await removeEoiDocument(deps, user!.actor, resource, params.documentId, requestId);
      } catch (error) {
        if (!(error instanceof ProblemError) || error.status >= 500 || error.status === 404) throw error;
        return documentsPage(deps, user!, resource, { errors: formErrors([{ path: 'documents', message: error.message }]) }, error.status);
      }
      return redirect(`${eoiDocumentsPath(resource.id)}?removed=${encodeURIComponent(params.documentId)}`);
    },
  }),
];
