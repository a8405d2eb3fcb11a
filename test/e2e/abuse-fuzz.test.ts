/**
 * A property-based fuzz (fast-check) of every route in `allRoutes`: random path parameters (real
 * ids, random text, broken percent-encoding), random query strings (the schema's keys and others,
 * repeated keys) and random bodies (shaped like the route's zod schema with random contents, any
 * JSON, or text that is not JSON), sent with a token the route admits. Whatever arrives: no 5xx,
 * every 4xx is problem+json, a rejected request changes nothing in the database and starts no
 * workflow. FUZZ_RUNS sets the runs per route.
 */
import fc from 'fast-check';
import { isPublic, rolesOf, type AnyRoute } from '../../api/http/route';
import { allRoutes } from '../../api/routes';
import type { Role } from '../../domain/roles';
import { ApiClient } from '../support/api-client';
import { type AbuseWorld, createAbuseWorld } from '../support/abuse-world';
import { arbitraryOf, jsonSchemaOf, validSample } from '../support/schema-samples';
import { startTestSystem, type TestSystem } from '../support/system';

const RUNS = Number(process.env.FUZZ_RUNS ?? 15);

const SNAPSHOT_SQL = `SELECT
  (SELECT count(*) FROM "User")::text AS users,
  (SELECT count(*) FROM "ApiToken" WHERE "revokedAt" IS NULL)::text AS tokens,
  (SELECT count(*) FROM "CalendarToken" WHERE "revokedAt" IS NULL)::text AS calendar_tokens,
  (SELECT count(*) FROM "IdempotencyRecord")::text AS idempotency,
  (SELECT count(*) FROM "Organisation")::text AS organisations,
  (SELECT count(*) FROM "University")::text AS universities,
  (SELECT count(*) FROM "Programme")::text AS programmes,
  (SELECT count(*) || ':' || coalesce(sum("fundedPlaces"), 0) FROM "Intake") AS intakes,
  (SELECT count(*) FROM "Hub")::text AS hubs,
  (SELECT count(*) FROM "Practice")::text AS practices,
  (SELECT count(*) FROM "CriteriaSet")::text AS criteria_sets,
  (SELECT count(*) || ':' || coalesce(sum(version), 0) FROM "Eoi") AS eois,
  (SELECT count(*) || ':' || coalesce(sum(version), 0) FROM "SpokeApplication") AS spokes,
  (SELECT count(*) FROM "Deadline")::text AS deadlines,
  (SELECT count(*) FROM "AuditEvent")::text AS audit,
  (SELECT count(*) FROM "OutboxEmail")::text AS outbox,
  (SELECT count(*) FROM "Profession")::text AS professions,
  (SELECT count(*) || ':' || coalesce(sum(wte), 0) FROM "FairShareWorkforce") AS workforce,
  (SELECT count(*) || ':' || coalesce(sum(weeks), 0) FROM "FairShareRequiredWeeks") AS required_weeks,
  (SELECT count(*) || ':' || coalesce(sum(weeks), 0) FROM "FairShareOfferedWeeks") AS offered_weeks`;

const BROKEN_SEGMENTS = ['%', '%E0%A4%A', '%00', '..%2F..%2Fetc', 'a%2Fb', '%C0%AF', '%FF%FE', '%20', '~', '.'];

describe('fuzz: random requests against every route', () => {
  let system: TestSystem;
  let world: AbuseWorld;

  beforeAll(async () => {
    system = await startTestSystem({ rateLimitPerMinute: 1_000_000, rateLimitPerAddressPerMinute: 1_000_000 });
    world = await createAbuseWorld(system);
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
  });

  const snapshot = async () => JSON.stringify(await system.db.prisma.$queryRawUnsafe(SNAPSHOT_SQL));
  /**
   * Whether work an accepted request set off is still under way: an email waiting in the outbox,
   * or a running workflow on the test's task queue with a workflow task or an activity pending
   * (a workflow waiting on a timer, as an open EOI does, is idle). Under load a workflow may not
   * have taken its first task yet when the database still looks unchanged.
   */
  async function backgroundWorkPending(): Promise<boolean> {
    const pendingEmails = await system.db.prisma.outboxEmail.count({ where: { status: 'pending' } });
    if (pendingEmails > 0) return true;
    const query = `TaskQueue = "${system.config.taskQueue}" AND ExecutionStatus = "Running"`;
    const running: string[] = [];
    for await (const w of system.client.workflow.list({ query })) running.push(w.workflowId);
    const busy = await Promise.all(
      running.map(async (id) => {
        const { raw } = await system.client.workflow.getHandle(id).describe();
        return Boolean(raw.pendingWorkflowTask) || (raw.pendingActivities?.length ?? 0) > 0;
      }),
    );
    return busy.includes(true);
  }
  /**
   * Waits until the background work is done and the database has stopped changing (the same
   * snapshot twice, 300 ms apart, with nothing pending); still busy after 30 s fails the test.
   */
  async function settled() {
    let last = await snapshot();
    let quietChecks = 0;
    for (let i = 0; i < 100; i++) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      const now = await snapshot();
      const quiet = now === last && !(await backgroundWorkPending());
      quietChecks = quiet ? quietChecks + 1 : 0;
      if (quietChecks >= 2) return;
      last = now;
    }
    throw new Error(`Background work was still going on 30 s after an accepted request: ${last}`);
  }
  /** How many workflows the test's task queue has ever had (open or closed). */
  const workflowCount = async () => (await system.client.workflow.count(`TaskQueue = "${system.config.taskQueue}"`)).count;

  function realIdFor(route: AnyRoute, param: string): string {
    if (param === 'candidateId') return world.ours.eoi.candidateId;
    if (param === 'calendarToken') return 'tfcal_unknown.token';
    if (param === 'period') return '2025-26';
    if (param === 'organisationId') return world.organisation.id;
    if (route.path.startsWith('/api/eois/')) return world.ours.eoi.id;
    if (route.path.startsWith('/api/spoke-applications/')) return world.ours.spoke.id;
    if (route.path.startsWith('/api/intakes/')) return world.openIntake.id;
    if (route.path.startsWith('/api/users/')) return world.users.hub_lead.id;
    if (route.path.startsWith('/api/hubs/')) return world.hub.id;
    if (route.path.startsWith('/api/organisations/')) return world.organisation.id;
    if (route.path.startsWith('/api/practices/')) return world.practice.id;
    if (route.path.startsWith('/api/universities/')) return world.university.id;
    if (route.path.startsWith('/api/programmes/')) return world.programme.id;
    if (route.path.startsWith('/api/criteria-sets/')) return world.criteriaSet.id;
    return 'some_id';
  }

  function requestArbitrary(route: AnyRoute) {
    const params = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
    const segment = (param: string) =>
      fc.oneof(
        { weight: 3, arbitrary: fc.constant(encodeURIComponent(realIdFor(route, param))) },
        { weight: 2, arbitrary: fc.string({ maxLength: 80 }).map(encodeURIComponent) },
        { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }).map(encodeURIComponent) },
        { weight: 1, arbitrary: fc.constantFrom(...BROKEN_SEGMENTS) },
      );
    const queryKeys = Object.keys((route.query && jsonSchemaOf(route.query).node.properties) || {});
    const queryValue = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom('100', '101', '0', '-1', 'P1D', 'P9999999Y', 'true', '', 'null'),
    );
    const query = fc.array(
      fc.tuple(
        queryKeys.length ? fc.oneof(fc.constantFrom(...queryKeys), fc.string({ maxLength: 10 })) : fc.string({ maxLength: 10 }),
        queryValue,
      ),
      { maxLength: 4 },
    );
    const body = route.body
      ? fc.oneof(
          { weight: 4, arbitrary: arbitraryOf(jsonSchemaOf(route.body)).map((value) => JSON.stringify(value)) },
          { weight: 1, arbitrary: fc.constant(JSON.stringify(validSample(route.body))) },
          { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)) },
          { weight: 1, arbitrary: fc.string({ maxLength: 50 }) },
        )
      : route.method === 'get'
        ? fc.constant(undefined)
        : fc.option(
            fc.jsonValue({ maxDepth: 2 }).map((value) => JSON.stringify(value)),
            { nil: undefined },
          );
    return fc.record({
      segments: fc.tuple(...params.map(segment)),
      query,
      body,
      idempotencyKey: fc.option(fc.oneof(fc.string({ maxLength: 20 }), fc.constant('fuzz-key')), { nil: undefined }),
    });
  }

  const routes = allRoutes.map((route) => ({ name: `${route.method.toUpperCase()} ${route.path}`, route }));

  it.each(routes)(
    '$name',
    async ({ route }) => {
      const role = rolesOf(route.policy)?.[0] as Role | undefined;
      const client = isPublic(route.policy) || !role ? new ApiClient(system.baseUrl) : world.users[role].client;
      await settled(); // what earlier routes' requests set off is done before this route's first snapshot
      // No workflow may start because of a rejected request. Nothing else runs between a rejected
      // request and the next check (accepted requests' background work is settled first), so the
      // count of workflows must not grow until then: checked at once, and again before the next
      // request and at the end, for a start that shows in Temporal's visibility a moment late.
      let afterRejection: { what: string; workflows: number } | undefined;
      const expectNoWorkflowSinceRejection = async () => {
        if (afterRejection && (await workflowCount()) !== afterRejection.workflows) {
          throw new Error(`a workflow started after a rejected request: ${afterRejection.what}`);
        }
      };
      await fc.assert(
        fc.asyncProperty(requestArbitrary(route), async ({ segments, query, body, idempotencyKey }) => {
          let index = 0;
          const path = route.path.replace(/:[A-Za-z]+/g, () => segments[index++] as string);
          const search = query.length ? `?${query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}` : '';
          await expectNoWorkflowSinceRejection();
          afterRejection = undefined;
          const before = await snapshot();
          const workflowsBefore = await workflowCount();
          const headers: Record<string, string> = idempotencyKey === undefined ? {} : { 'idempotency-key': idempotencyKey };
          if (body !== undefined) headers['content-type'] = 'application/json';
          const response = await client.request(route.method.toUpperCase(), path + search, body, headers);
          const what = `${route.method.toUpperCase()} ${path}${search} ${body ?? ''} → ${response.status} ${response.text.slice(0, 300)}`;
          if (response.status >= 500) throw new Error(`5xx: ${what}`);
          if (response.status >= 400) {
            if (!response.headers.get('content-type')?.includes('application/problem+json')) throw new Error(`not problem+json: ${what}`);
            if ((await snapshot()) !== before) throw new Error(`a rejected request changed the database: ${what}`);
            afterRejection = { what, workflows: workflowsBefore };
            await expectNoWorkflowSinceRejection();
          } else if (route.method === 'get') {
            if ((await snapshot()) !== before) throw new Error(`a read changed the database: ${what}`);
          } else {
            await settled(); // an accepted action may go on writing in the background (workflows, emails)
          }
        }),
        { numRuns: RUNS },
      );
      await settled();
      await expectNoWorkflowSinceRejection();
      // Each accepted request may wait for its background work: more than the default 60 s on a loaded machine.
    },
    300_000,
  );
});
