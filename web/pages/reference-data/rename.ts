/**
 * Renaming a reference record (`/reference-data/<kind>/:id/rename`), for administrators: the
 * name only, through renameReference, the service behind PATCH /api/<kind>/:id, with its schema.
 * A hidden key makes the same form sent twice one change in the audit trail.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { findRenamable, renameReference } from '../../../api/services/reference-data';
import { IdParams, type RenamableKind, RenameReferenceBody } from '../../../domain/reference-data';
import { whenBlank } from '../../content/reference-data';
import type { FormErrors } from '../../forms';
import { definePage, type PageResult, redirect, render } from '../page';
import type { ReferenceKindPages } from './kinds';
import { REFERENCE_DATA_ADMINS, withArticle } from './shared';

const FORM_KEY = /^[A-Za-z0-9_-]{22}$/;
const MESSAGES = { ...whenBlank('name', 'Enter the new name'), 'name:too_big': 'Name must be 200 characters or fewer' };

const formKeyOf = (values: Record<string, unknown>) =>
  typeof values.formKey === 'string' && FORM_KEY.test(values.formKey) ? values.formKey : undefined;

function fieldsOf(body: unknown): Record<string, unknown> {
  const { _csrf: _token, ...values } = (body ?? {}) as Record<string, unknown>;
  return values;
}

export function renamePages(kind: ReferenceKindPages, target: RenamableKind) {
  const list = `/reference-data/${kind.slug}`;
  const path = `${list}/:id/rename`;
  const title = `Rename ${withArticle(kind.singular)}`;
  const scope = ({ params, deps }: { params: { id: string }; deps: Parameters<typeof findRenamable>[0] }) =>
    findRenamable(deps, target, params.id);
  const form = (record: { id: string; name: string }, values: Record<string, unknown>, errors?: FormErrors, status = 200): PageResult =>
    render(
      'pages/reference-data/rename.njk',
      {
        pageTitle: title,
        kind,
        record,
        values,
        errors,
        formKey: formKeyOf(values) ?? randomBytes(16).toString('base64url').slice(0, 22),
        action: `${list}/${encodeURIComponent(record.id)}/rename`,
      },
      status,
    );
  return [
    definePage({
      method: 'get',
      path,
      summary: title,
      policy: { roles: REFERENCE_DATA_ADMINS },
      params: IdParams,
      scope,
      handler: async ({ resource }) => form(resource, { name: resource.name }),
    }),
    definePage({
      method: 'post',
      path,
      summary: title,
      policy: { roles: REFERENCE_DATA_ADMINS },
      params: IdParams,
      scope,
      body: z.preprocess((raw) => {
        const { formKey: _key, ...fields } = (raw ?? {}) as Record<string, unknown>;
        return fields;
      }, RenameReferenceBody),
      messages: MESSAGES,
      invalid: async ({ resource, req }, errors) => form(resource, fieldsOf(req.body), errors, 400),
      async handler({ deps, user, resource, body, req, requestId }) {
        const formKey = formKeyOf(fieldsOf(req.body));
        await renameReference(
          deps,
          user!.actor,
          { target, id: resource.id, name: body.name },
          { requestId, idempotencyKey: formKey && `page-${formKey}` },
        );
        return redirect(`${list}?renamed=${encodeURIComponent(resource.id)}`);
      },
    }),
  ];
}
