/**
 * The supporting-documents page of a process (`/eois/:id/documents`,
 * `/spoke-applications/:id/documents`): the person who may attaches files (stored at once,
 * through the API's service) and removes one attached by mistake while the process is still at
 * the stage it was attached in. The process's own page lists them for everyone in scope.
 */
import type { Request } from 'express';
import { z } from 'zod';
import { ProblemError } from '../../api/http/problem';
import type { UploadedFile } from '../../api/services/documents';
import {
  attachSupportingDocuments,
  removedSupportingDocumentName,
  removeSupportingDocument,
  type SupportingSubject,
  supportingDocuments,
} from '../../api/services/supporting-documents';
import { ALLOWED_TYPE_WORDS, DOCUMENT_FIELD, sizeWords } from '../../domain/documents';
import { IdParams, IdSchema } from '../../domain/reference-data';
import type { Role } from '../../domain/roles';
import type { WebDeps } from '../deps';
import { formErrors, type FormErrors } from '../forms';
import { documentLink } from './documents';
import { type CurrentUser, definePage, type PageResult, redirect, render } from './page';

/** A process's documents as its page and this one show them: a download link, and a removal form when open to the person. */
export async function supportingDocumentLinks(deps: WebDeps, user: CurrentUser, subject: SupportingSubject, base: string) {
  return (await supportingDocuments(deps, user.actor, subject)).map((d) => ({
    ...documentLink(d),
    removable: d.removable,
    removeAction: `${base}/documents/${encodeURIComponent(d.id)}/removal`,
  }));
}

/** The files the form sent: a browser sends an empty part when none was chosen. */
export function chosenFiles(req: Request): UploadedFile[] {
  const files = (req.files as Express.Multer.File[] | undefined) ?? [];
  return files.filter((f) => f.fieldname === DOCUMENT_FIELD && !(f.size === 0 && f.originalname === ''));
}

/** A refused upload as the form's error, beside the file field. */
export const uploadErrors = (problem: ProblemError): FormErrors =>
  formErrors(
    (problem.errors?.length ? problem.errors : [{ path: DOCUMENT_FIELD, message: problem.message }]).map((e) => ({
      ...e,
      path: DOCUMENT_FIELD,
    })),
  );

export interface SupportingDocumentPagesOptions<R> {
  /** The process's page, `/eois/:id`: the documents page is below it. */
  path: string;
  writers: readonly Role[];
  /** Loads the process in the person's scope (the API's check). */
  scope: (ctx: { user: CurrentUser; params: { id: string }; deps: WebDeps }) => Promise<R>;
  subject: (resource: R) => SupportingSubject;
  /** The process's page for this one (the back link, and where an upload returns). */
  home: (resource: R) => string;
  backText: string;
  /** The caption above the heading (the organisation and programme, the practice). */
  caption: (deps: WebDeps, resource: R) => Promise<string>;
  /** What to attach, in the process's words. */
  intro: string;
  /** The files' limit in the hint: "on the expression of interest". */
  limitWhere: string;
}

/** The GET page, the upload and the removal of one process's supporting documents. */
export function supportingDocumentPages<R>(o: SupportingDocumentPagesOptions<R>) {
  async function page(deps: WebDeps, user: CurrentUser, resource: R, extra: { errors?: FormErrors; removed?: string } = {}, status = 200) {
    const subject = o.subject(resource);
    const home = o.home(resource);
    return render(
      'pages/supporting-documents.njk',
      {
        pageTitle: 'Supporting documents',
        caption: await o.caption(deps, resource),
        intro: o.intro,
        backHref: home,
        backText: o.backText,
        formAction: `${home}/documents`,
        documents: await supportingDocumentLinks(deps, user, subject, home),
        closed: subject.refusal(user.actor)?.detail,
        fileHint: `${ALLOWED_TYPE_WORDS}; up to ${sizeWords(deps.config.documentLimits.maxBytes)} each and ${deps.config.documentLimits.maxPerItem} files ${o.limitWhere}.`,
        ...extra,
      },
      status,
    ) as PageResult;
  }
  return [
    definePage({
      method: 'get',
      path: `${o.path}/documents`,
      summary: 'Supporting documents',
      policy: { roles: o.writers },
      params: IdParams,
      scope: o.scope,
      query: z.object({ removed: z.string().max(64).optional() }),
      handler: async ({ deps, user, resource, query }) => {
        const removed = query.removed ? await removedSupportingDocumentName(deps, o.subject(resource), query.removed) : undefined;
        return page(deps, user!, resource, { removed });
      },
    }),
    definePage({
      method: 'post',
      path: `${o.path}/documents`,
      summary: 'Attach supporting documents',
      policy: { roles: o.writers },
      params: IdParams,
      scope: o.scope,
      body: z.object({}),
      invalid: async ({ deps, user, resource }, errors) => page(deps, user!, resource, { errors }, 400),
      async handler({ deps, user, resource, req, res, requestId }) {
        // A file over the limits, refused while the form was read (web/middleware/web-request-parsing.ts).
        const tooLarge = res.locals.uploadRefusal as unknown;
        if (tooLarge instanceof ProblemError) return page(deps, user!, resource, { errors: uploadErrors(tooLarge) }, tooLarge.status);
        try {
          await attachSupportingDocuments(deps, user!.actor, o.subject(resource), chosenFiles(req), requestId);
        } catch (error) {
          if (!(error instanceof ProblemError) || error.status >= 500) throw error;
          return page(deps, user!, resource, { errors: uploadErrors(error) }, error.status);
        }
        return redirect(`${o.home(resource)}?done=documents`);
      },
    }),
    definePage({
      method: 'post',
      path: `${o.path}/documents/:documentId/removal`,
      summary: 'Remove a supporting document',
      policy: { roles: o.writers },
      params: IdParams.extend({ documentId: IdSchema }),
      scope: o.scope,
      body: z.object({}),
      invalid: async ({ deps, user, resource }, errors) => page(deps, user!, resource, { errors }, 400),
      async handler({ deps, user, resource, params, requestId }) {
        try {
          await removeSupportingDocument(deps, user!.actor, o.subject(resource), params.documentId, requestId);
        } catch (error) {
          if (!(error instanceof ProblemError) || error.status >= 500 || error.status === 404) throw error;
          return page(deps, user!, resource, { errors: formErrors([{ path: 'documents', message: error.message }]) }, error.status);
        }
        return redirect(`${o.home(resource)}/documents?removed=${encodeURIComponent(params.documentId)}`);
      },
    }),
  ];
}
