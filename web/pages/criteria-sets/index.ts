/**
 * A training hub's accreditation criteria (`/criteria-sets`), for those who may write them
 * (admins, for every hub; a hub lead, for their own: anything else answers 404): each hub's
 * current version, a version's criteria with the earlier ones, and a form for the next version,
 * prefilled with the current criteria. The form goes through createReference, the service behind
 * POST /api/criteria-sets, with its schema; a hidden key makes the form sent twice one version.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { toProblem } from '../../../api/http/errors';
import { newId } from '../../../api/routes/ids';
import { createReference, REFERENCE_ID_PREFIX } from '../../../api/services/reference-data';
import { CreateCriteriaSetBody, IdParams } from '../../../domain/reference-data';
import type { Actor } from '../../../domain/roles';
import type { WebDeps } from '../../deps';
import { formErrorsFromProblem, refusalStatus, type FormErrors } from '../../forms';
import { definePage, type PageResult, redirect, render } from '../page';
import { bodyOf, criteriaFormErrors, type Row, rowsFor, rowsSent } from './form';
import { CRITERIA_WRITERS, findCriteriaSet, versionsOf, writableHub, writableHubs } from './read';

const FORM_KEY = /^[A-Za-z0-9_-]{22}$/;
const formKeyOf = (values: Record<string, unknown>) =>
  typeof values.formKey === 'string' && FORM_KEY.test(values.formKey) ? values.formKey : undefined;

const HubParams = z.strictObject({ hubId: IdParams.shape.id });
const SetQuery = z.object({ created: z.literal('1').optional() });

/** "Version 2 created: applications already started keep version 1". */
export function createdBanner(version: number): string {
  return version > 1
    ? `Version ${version} created: applications already started keep version ${version - 1}`
    : 'Version 1 created: applications from now on use it';
}

function newVersionForm(
  hub: { id: string; name: string },
  current: { version: number } | undefined,
  values: { name: string; rows: Row[]; formKey?: string },
  errors?: FormErrors,
  status = 200,
): PageResult {
  return render(
    'pages/criteria-sets/new.njk',
    {
      pageTitle: 'Create a new version',
      hub,
      current,
      name: values.name,
      rows: values.rows,
      errors,
      formKey: values.formKey ?? randomBytes(16).toString('base64url').slice(0, 22),
      action: `/criteria-sets/hubs/${encodeURIComponent(hub.id)}/new`,
    },
    status,
  );
}

/** The hub (404 outside the person's scope) and its current version, if it has one. */
async function hubWithCurrent(deps: WebDeps, actor: Actor, hubId: string) {
  const hub = await writableHub(deps, actor, hubId);
  const current = (await versionsOf(deps, [hub.id])).get(hub.id)?.[0];
  return { hub, current };
}

export const criteriaSetPages = [
  definePage({
    method: 'get',
    path: '/criteria-sets',
    summary: 'See accreditation criteria',
    policy: { roles: CRITERIA_WRITERS },
    async handler({ deps, user }) {
      const hubs = await writableHubs(deps, user!.actor);
      const versions = await versionsOf(
        deps,
        hubs.map((h) => h.id),
      );
      return render('pages/criteria-sets/list.njk', {
        pageTitle: 'Accreditation criteria',
        hubs: hubs.map((hub) => ({ ...hub, current: versions.get(hub.id)?.[0] })),
      });
    },
  }),
  definePage({
    method: 'get',
    path: '/criteria-sets/:id',
    summary: 'See a version of a hub’s criteria',
    policy: { roles: CRITERIA_WRITERS },
    params: IdParams,
    query: SetQuery,
    scope: ({ user, params, deps }) => findCriteriaSet(deps, user.actor, params.id),
    handler: async ({ resource, query }) =>
      render('pages/criteria-sets/set.njk', {
        pageTitle: resource.set.name,
        hub: resource.hub,
        versions: resource.versions,
        // Not "set": a word of the template language.
        criteriaSet: resource.set,
        isCurrent: resource.versions[0]?.id === resource.set.id,
        created: query.created ? createdBanner(resource.set.version) : undefined,
      }),
  }),
  definePage({
    method: 'get',
    path: '/criteria-sets/hubs/:hubId/new',
    summary: 'Create a new version of a hub’s criteria',
    policy: { roles: CRITERIA_WRITERS },
    params: HubParams,
    scope: ({ user, params, deps }) => hubWithCurrent(deps, user.actor, params.hubId),
    handler: async ({ resource: { hub, current } }) =>
      newVersionForm(hub, current, { name: current?.name ?? '', rows: rowsFor(current?.criteria ?? []) }),
  }),
  definePage({
    method: 'post',
    path: '/criteria-sets/hubs/:hubId/new',
    summary: 'Create a new version of a hub’s criteria',
    policy: { roles: CRITERIA_WRITERS },
    params: HubParams,
    scope: ({ user, params, deps }) => hubWithCurrent(deps, user.actor, params.hubId),
    // Rows are read by name ("criteria.3.title"): the API's schema checks them once they are a body.
    body: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
    // Only a hand-made request fails this: the form shown afresh, with what was refused.
    invalid: async ({ resource: { hub, current } }, errors) =>
      newVersionForm(hub, current, { name: current?.name ?? '', rows: rowsFor(current?.criteria ?? []) }, errors, 400),
    async handler({ deps, user, resource: { hub, current }, body, requestId }) {
      const actor = user!.actor;
      const rows = rowsSent(body);
      const formKey = formKeyOf(body);
      const name = typeof body.name === 'string' ? body.name : '';
      const again = (errors: FormErrors, status: number) => newVersionForm(hub, current, { name, rows, formKey }, errors, status);
      const { body: sent, rowOf } = bodyOf(hub.id, name, rows);
      const parsed = CreateCriteriaSetBody.safeParse(sent);
      if (!parsed.success) return again(criteriaFormErrors(parsed.error, rowOf), 400);
      const id = newId(REFERENCE_ID_PREFIX.criteriaSet, { userId: actor.userId, idempotencyKey: formKey && `page-${formKey}` });
      try {
        await createReference(deps, { kind: 'criteriaSet', id, data: parsed.data, actor, requestId });
      } catch (error) {
        const problem = toProblem(error);
        const status = refusalStatus(problem);
        if (!status) throw error;
        return again(formErrorsFromProblem(problem, { firstField: 'name' }), status);
      }
      return redirect(`/criteria-sets/${encodeURIComponent(id)}?created=1`);
    },
  }),
];
