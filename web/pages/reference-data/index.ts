/**
 * Reference data for administrators (`/reference-data/<kind>`): a list of each kind, 25 to a page,
 * and a form to add one. Adding goes through createReference, the service behind the API's POST
 * routes, with the API's schema: the page refuses what the API refuses, in its words. A hidden key
 * makes sending the form twice add the record once (its workflow id is the record's id).
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { toProblem } from '../../../api/http/errors';
import { newId } from '../../../api/routes/ids';
import { createReference, REFERENCE_ID_PREFIX } from '../../../api/services/reference-data';
import type { ReferenceCreation } from '../../../domain/reference-data';
import type { WebDeps } from '../../deps';
import { formErrorsFromProblem, refusalStatus, type FormErrors } from '../../forms';
import { PAGE_SIZE, pagination, showing } from '../../paging';
import { type CurrentUser, definePage, type PageResult, redirect, render } from '../page';
import { withValues } from './fields';
import { importPages } from './import';
import { REFERENCE_KINDS, type ReferenceKindPages } from './kinds';
import { renamePages } from './rename';
import { REFERENCE_DATA_ADMINS, withArticle } from './shared';

const FORM_KEY = /^[A-Za-z0-9_-]{22}$/;
const IdLike = z.string().regex(/^[A-Za-z0-9_-]{1,80}$/);

const ListQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  added: IdLike.optional(),
  renamed: IdLike.optional(),
  /** After an import: how many rows were created, and how many were there already. */
  imported: z.coerce.number().int().min(0).max(1_000_000).optional(),
  present: z.coerce.number().int().min(0).max(1_000_000).optional(),
});

function importedBanner(kind: ReferenceKindPages, imported: number, present = 0) {
  return {
    title: `Imported ${imported} ${imported === 1 ? kind.singular : kind.plural.toLowerCase()}`,
    name: present ? `${present} ${present === 1 ? 'was' : 'were'} there already.` : '',
  };
}

const capitalised = (text: string) => text[0]!.toUpperCase() + text.slice(1);
export const addTitle = (kind: ReferenceKindPages) => `Add ${withArticle(kind.singular)}`;

function fieldsOf(body: unknown): Record<string, unknown> {
  const { _csrf: _token, ...values } = (body ?? {}) as Record<string, unknown>;
  return values;
}

async function form(
  kind: ReferenceKindPages,
  deps: WebDeps,
  user: CurrentUser,
  values: Record<string, unknown>,
  errors?: FormErrors,
  status = 200,
): Promise<PageResult> {
  const formKey =
    typeof values.formKey === 'string' && FORM_KEY.test(values.formKey)
      ? values.formKey
      : randomBytes(16).toString('base64url').slice(0, 22);
  const fields = (await kind.fields(deps, user.actor)).map((field) => withValues(field, values));
  return render(
    'pages/reference-data/new.njk',
    { pageTitle: addTitle(kind), kind, values, errors, formKey, fields, action: `/reference-data/${kind.slug}/new` },
    status,
  );
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** "Rename", saying which record to a screen reader. */
const renameLink = (path: string, id: string, name: string) =>
  `<a href="${path}/${encodeURIComponent(id)}/rename">Rename<span class="nhsuk-u-visually-hidden"> ${escapeHtml(name)}</span></a>`;

function pagesOf(kind: ReferenceKindPages) {
  const path = `/reference-data/${kind.slug}`;
  return [
    definePage({
      method: 'get',
      path,
      summary: `See the ${kind.plural.toLowerCase()}`,
      policy: { roles: REFERENCE_DATA_ADMINS },
      query: ListQuery,
      async handler({ deps, query }) {
        const [total, rows, added] = await Promise.all([
          kind.count(deps),
          kind.rows(deps, { skip: (query.page - 1) * PAGE_SIZE, take: PAGE_SIZE }),
          query.added ? kind.nameOf(deps, query.added) : undefined,
        ]);
        const renamed = query.renamed ? await kind.nameOf(deps, query.renamed) : undefined;
        return render('pages/reference-data/list.njk', {
          pageTitle: kind.plural,
          kind,
          addTitle: addTitle(kind),
          added:
            query.imported !== undefined
              ? importedBanner(kind, query.imported, query.present)
              : renamed
                ? { title: `${capitalised(kind.singular)} renamed`, name: renamed }
                : added && { title: `${capitalised(kind.singular)} added`, name: added },
          head: [
            ...kind.head.map((text) => ({ text })),
            ...(kind.renamable ? [{ html: '<span class="nhsuk-u-visually-hidden">Actions</span>' }] : []),
          ],
          rows: rows.map((row) => [
            ...row.cells.map((text) => ({ text })),
            ...(kind.renamable ? [{ html: renameLink(path, row.id, row.cells[0]!) }] : []),
          ]),
          showing: showing(query.page, rows.length, total),
          pagination: pagination(path, {}, query.page, total),
        });
      },
    }),
    definePage({
      method: 'get',
      path: `${path}/new`,
      summary: addTitle(kind),
      policy: { roles: REFERENCE_DATA_ADMINS },
      handler: async ({ deps, user }) => form(kind, deps, user!, {}),
    }),
    definePage({
      method: 'post',
      path: `${path}/new`,
      summary: addTitle(kind),
      policy: { roles: REFERENCE_DATA_ADMINS },
      body: z.preprocess((raw) => {
        const { formKey: _key, ...fields } = (raw ?? {}) as Record<string, unknown>;
        return fields;
      }, kind.form),
      messages: kind.messages,
      invalid: async ({ deps, user, req }, errors) => form(kind, deps, user!, fieldsOf(req.body), errors, 400),
      async handler({ deps, user, body, req, requestId }) {
        const actor = user!.actor;
        const values = fieldsOf(req.body);
        const formKey = typeof values.formKey === 'string' && FORM_KEY.test(values.formKey) ? values.formKey : undefined;
        const id = newId(REFERENCE_ID_PREFIX[kind.kind], { userId: actor.userId, idempotencyKey: formKey && `page-${formKey}` });
        const change = { kind: kind.kind, id, data: body, actor, requestId } as ReferenceCreation;
        try {
          await createReference(deps, change);
        } catch (error) {
          const problem = toProblem(error);
          const status = refusalStatus(problem);
          if (!status) throw error;
          return form(kind, deps, user!, values, formErrorsFromProblem(problem, { firstField: kind.firstField }), status);
        }
        return redirect(`${path}?added=${encodeURIComponent(id)}`);
      },
    }),
    ...(kind.renamable ? renamePages(kind, kind.renamable) : []),
  ];
}

/** Each kind's list, then its form (/new is declared after the list: both are fixed paths). */
export const referenceDataPages = [...importPages, ...REFERENCE_KINDS.flatMap(pagesOf)];
