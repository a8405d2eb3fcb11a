/**
 * Intakes for regional staff and admins: every intake with its places (the capacity workflow's
 * figures, as GET /api/intakes/:id/capacity answers), one intake's waitlist in rank order, and a
 * form for regional staff to set its funded places with the service behind
 * PUT /api/intakes/:id/funded-places (refused in the API's words).
 */
import { z } from 'zod';
import { toProblem } from '../../../api/http/errors';
import { FundedPlacesBody } from '../../../api/routes/intake-capacity';
import { intakeCapacityOf, loadIntake, setFundedPlaces, type StoredIntake } from '../../../api/services/intakes';
import { intakeChoiceById, type IntakeChoice, intakesByStart, universityChoices } from '../../../api/services/reference-choices';
import { londonDateOf } from '../../../domain/london-calendar';
import { IdParams } from '../../../domain/reference-data';
import type { WebDeps } from '../../deps';
import { asNumber, formOf } from '../../form-fields';
import { formErrorsFromProblem, refusalStatus, type FormErrors } from '../../forms';
import { PAGE_SIZE, pagination, showing } from '../../paging';
import { type CurrentUser, definePage, redirect, render } from '../page';

const MESSAGES = { fundedPlaces: 'Enter the number of funded places, a whole number from 0 to 10,000' };

/** One intake as the pages show it: its places (the capacity workflow's figures) and universities. */
async function intakeRow(deps: WebDeps, user: CurrentUser, intake: IntakeChoice) {
  const capacity = await intakeCapacityOf(deps, { id: intake.id, fundedPlaces: intake.fundedPlaces });
  const universities = await universityChoices(deps, user.actor, { programmeId: intake.programmeId });
  return { ...intake, universities: universities.map((u) => u.name).join(', '), capacity };
}

const IntakesQuery = z.object({
  starts: z.enum(['upcoming', 'started']).default('upcoming'),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});

/** One page of intakes, upcoming (soonest first) or started (latest first), each with its places. */
async function intakeList(deps: WebDeps, user: CurrentUser, query: z.infer<typeof IntakesQuery>) {
  const today = londonDateOf(deps.now());
  const page = await intakesByStart(deps, user.actor, { starts: query.starts, today, pageNumber: query.page, limit: PAGE_SIZE });
  const intakes = [];
  for (const intake of page.items) intakes.push(await intakeRow(deps, user, intake));
  const filters = query.starts === 'upcoming' ? {} : { starts: query.starts };
  return {
    pageTitle: 'Intakes',
    starts: query.starts,
    intakes,
    showing: showing(query.page, intakes.length, page.total),
    pagination: pagination('/intakes', filters, query.page, page.total),
  };
}

async function intakePage(
  deps: WebDeps,
  user: CurrentUser,
  stored: StoredIntake,
  options: { values?: Record<string, unknown>; errors?: FormErrors; status?: number; done?: boolean } = {},
) {
  const choice = await intakeChoiceById(deps, user.actor, stored.id);
  const intake = choice ? await intakeRow(deps, user, choice) : undefined;
  const capacity = intake?.capacity ?? (await intakeCapacityOf(deps, stored));
  return render(
    'pages/intakes/intake.njk',
    {
      pageTitle: intake ? `${intake.programmeName}, starting ${intake.startsOn}` : 'Intake',
      intake,
      capacity,
      waitlist: [...capacity.waitlist].sort((a, b) => a.position - b.position),
      canSetPlaces: user.role === 'hee_staff',
      values: options.values ?? { fundedPlaces: String(capacity.fundedPlaces) },
      errors: options.errors,
      done: options.done,
    },
    options.status ?? 200,
  );
}

const scope = ({ params, deps }: { params: { id: string }; deps: WebDeps }) => loadIntake(deps, params.id);

export const intakePages = [
  definePage({
    method: 'get',
    path: '/intakes',
    summary: 'See the intakes',
    policy: { roles: ['hee_staff', 'admin'] },
    query: IntakesQuery,
    handler: async ({ deps, user, query }) => render('pages/intakes/list.njk', await intakeList(deps, user!, query)),
  }),
  definePage({
    method: 'get',
    path: '/intakes/:id',
    summary: 'See an intake',
    policy: { roles: ['hee_staff', 'admin'] },
    params: IdParams,
    query: z.object({ done: z.literal('places').optional() }),
    scope,
    handler: async ({ deps, user, resource, query }) => intakePage(deps, user!, resource, { done: query.done === 'places' }),
  }),
  definePage({
    method: 'post',
    path: '/intakes/:id/funded-places',
    summary: 'Set an intake’s funded places',
    policy: { roles: ['hee_staff'] },
    params: IdParams,
    scope,
    body: formOf(z.strictObject({ fundedPlaces: FundedPlacesBody.shape.fundedPlaces }), (f) => ({
      ...f,
      fundedPlaces: asNumber(f.fundedPlaces),
    })),
    messages: MESSAGES,
    invalid: async ({ deps, user, resource, body }, errors) => intakePage(deps, user!, resource, { values: body, errors, status: 400 }),
    async handler({ deps, user, resource, body, requestId, req }) {
      try {
        await setFundedPlaces(deps, user!.actor, resource, body.fundedPlaces, requestId);
      } catch (error) {
        const problem = toProblem(error);
        if (!refusalStatus(problem)) throw error;
        const errors = formErrorsFromProblem(problem, { firstField: 'fundedPlaces' });
        return intakePage(deps, user!, resource, { values: req.body as Record<string, unknown>, errors, status: problem.status });
      }
      return redirect(`/intakes/${resource.id}?done=places`);
    },
  }),
];
