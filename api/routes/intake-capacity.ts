/** An intake's funded places as its capacity workflow holds them (issue: intake capacity). */
import { z } from 'zod';
import { IdParams } from '../../domain/reference-data';
import type { ApiDeps } from '../deps';
import { defineRoute, ok } from '../http/route';
import { intakeCapacityOf, loadIntake, setFundedPlaces } from '../services/intakes';

const CapacitySchema = z
  .object({
    intakeId: z.string(),
    fundedPlaces: z.number().int(),
    allocated: z.number().int(),
    remaining: z.number().int(),
    waitlist: z.array(z.object({ eoiId: z.string(), position: z.number().int() })),
  })
  .meta({ id: 'IntakeCapacity' });

export const FundedPlacesBody = z.strictObject({ fundedPlaces: z.number().int().min(0).max(10_000) }).meta({ id: 'FundedPlaces' });

const scope = ({ params, deps }: { params: { id: string }; deps: ApiDeps }) => loadIntake(deps, params.id);

export const intakeCapacityRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/intakes/:id/capacity',
    summary: 'Get an intake’s funded places, allocations and waitlist',
    tags: ['Commissioning'],
    policy: { roles: ['admin', 'hee_staff'] },
    params: IdParams,
    scope,
    responses: { 200: { description: 'Capacity', schema: CapacitySchema } },
    handler: async ({ deps, resource }) => ok(await intakeCapacityOf(deps, resource)),
  }),
  defineRoute({
    method: 'put',
    path: '/api/intakes/:id/funded-places',
    summary: 'Raise or lower an intake’s funded places',
    description: 'Never below what is allocated (409). Raising them offers the new places to the waitlist at once.',
    tags: ['Commissioning'],
    policy: { roles: ['hee_staff'] },
    params: IdParams,
    scope,
    body: FundedPlacesBody,
    idempotent: true,
    responses: { 200: { description: 'Capacity after the change', schema: CapacitySchema } },
    handler: async ({ actor, body, deps, resource, requestId, updateId }) =>
      ok(await setFundedPlaces(deps, actor, resource, body.fundedPlaces, requestId, updateId)),
  }),
];
