/**
 * Care of personal data. Processes are started with names and email addresses (contacts,
 * candidates, a spoke's named people, users); then:
 * - no workflow id, search attribute or memo on the Temporal server holds any of them;
 * - candidates and contacts are reachable only by the roles that work with them, and each
 *   organisation sees only its own;
 * - the audit trail has no route that changes it, whatever the method.
 */
import { allRoutes } from '../../api/routes';
import { type AbuseWorld, createAbuseWorld } from '../support/abuse-world';
import { startTestSystem, type TestSystem } from '../support/system';
import { expectProblem } from './fixtures/world';

describe('data care: personal data stays out of Temporal, inside its scope, and the audit trail stays as written', () => {
  let system: TestSystem;
  let world: AbuseWorld;
  let personal: string[];

  beforeAll(async () => {
    system = await startTestSystem();
    world = await createAbuseWorld(system);
    // A test email too (a workflow started with an address).
    expect((await system.admin.post('/api/admin/test-email', { to: 'postmaster.personal@example.nhs.uk' })).status).toBeLessThan(300);
    const users = await system.db.prisma.user.findMany({ select: { name: true, email: true } });
    personal = [
      ...world.ours.eoi.secrets,
      ...world.theirs.eoi.secrets,
      ...world.ours.spoke.secrets,
      ...world.theirs.spoke.secrets,
      'postmaster.personal@example.nhs.uk',
      ...users.flatMap((u) => [u.name, u.email]),
    ];
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
  });

  it('keeps names and email addresses out of workflow ids, search attributes and memos', async () => {
    const seen: { id: string; type: string; text: string }[] = [];
    for await (const wf of system.client.workflow.list({ query: `TaskQueue = "${system.config.taskQueue}"` })) {
      const described = await system.client.workflow.getHandle(wf.workflowId, wf.runId).describe();
      const attributes = Object.fromEntries(described.typedSearchAttributes.getAll().map((pair) => [pair.key.name, pair.value]));
      seen.push({
        id: wf.workflowId,
        type: wf.type,
        text: JSON.stringify({ id: wf.workflowId, attributes, raw: described.searchAttributes, memo: await described.memo }),
      });
    }
    // The processes that carry personal data are all there to be checked.
    for (const type of ['commissioning', 'spokeAccreditation', 'intakeCapacity', 'sendTestEmail']) {
      expect(seen.map((s) => s.type)).toContain(type);
    }
    const leaks = seen.flatMap((s) =>
      personal.filter((value) => s.text.toLowerCase().includes(value.toLowerCase())).map((v) => `${s.type} ${s.id}: ${v}`),
    );
    expect(leaks).toEqual([]);
    // And the attributes there are ids and states.
    const eoi = seen.find((s) => s.id.includes(world.ours.eoi.id))!;
    expect(eoi.text).toContain(world.organisation.id);
  });

  it('refuses EOIs (contacts and candidates) to hub leads and practice managers', async () => {
    for (const role of ['hub_lead', 'practice_manager'] as const) {
      const client = world.users[role].client;
      expectProblem(await client.get('/api/eois'), 403);
      expectProblem(await client.get(`/api/eois/${world.ours.eoi.id}`), 403);
    }
  });

  it('refuses spoke applications (their named people) to organisations and universities', async () => {
    for (const role of ['org_submitter', 'university_reviewer'] as const) {
      const client = world.users[role].client;
      expectProblem(await client.get('/api/spoke-applications'), 403);
      expectProblem(await client.get(`/api/spoke-applications/${world.ours.spoke.id}`), 403);
    }
  });

  it('shows each organisation and university only its own candidates, in every list and feed', async () => {
    const own = world.ours.users.org_submitter.client;
    const mine = await own.get(`/api/eois/${world.ours.eoi.id}`);
    expect(mine.body.candidates.map((c: { email: string }) => c.email)).toEqual([world.ours.eoi.secrets[3]]);
    for (const client of [own, world.ours.users.university_reviewer.client]) {
      for (const path of [
        '/api/eois',
        '/api/eois?limit=100',
        '/api/deadlines',
        '/api/deadlines.csv',
        `/api/eois?organisationId=${world.otherOrganisation.id}`,
      ]) {
        const response = await client.get(path);
        expect(response.status).toBe(200);
        for (const secret of world.theirs.eoi.secrets) expect(response.text).not.toContain(secret);
      }
    }
    // Hub leads' and practice managers' own views carry no candidate data at all.
    for (const role of ['hub_lead', 'practice_manager'] as const) {
      for (const path of ['/api/deadlines', '/api/deadlines.csv', '/api/spoke-applications']) {
        const response = await world.users[role].client.get(path);
        expect(response.status).toBe(200);
        for (const secret of [...world.ours.eoi.secrets, ...world.theirs.eoi.secrets]) expect(response.text).not.toContain(secret);
      }
    }
  });

  it('reads the audit trail only for admins and HEE staff', async () => {
    for (const role of ['org_submitter', 'university_reviewer', 'hub_lead', 'practice_manager'] as const) {
      expectProblem(await world.users[role].client.get('/api/audit-events'), 403);
    }
  });

  it('has no route that writes to the audit trail, and every attempt changes nothing', async () => {
    expect(allRoutes.filter((r) => r.path.includes('audit') && r.method !== 'get')).toEqual([]);
    const before = await system.db.prisma.auditEvent.findMany({ orderBy: { id: 'asc' } });
    const first = before[0]!.id.toString();
    for (const client of [system.admin, world.users.hee_staff.client]) {
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
        for (const path of ['/api/audit-events', `/api/audit-events/${first}`, `/api/audit-events?subjectId=${world.ours.eoi.id}`]) {
          const response = await client.request(method, path, method === 'DELETE' ? undefined : { action: 'eoi.forged', comment: 'x' });
          expect([404, 405]).toContain(response.status);
          expect(response.headers.get('content-type')).toContain('application/problem+json');
        }
      }
      // Query values shaped like SQL are only values.
      const injected = await client.get(`/api/audit-events?subjectId=${encodeURIComponent("' OR '1'='1")}`);
      expect(injected.body.items).toEqual([]);
    }
    expect(await system.db.prisma.auditEvent.findMany({ orderBy: { id: 'asc' } })).toEqual(before);
  });
});
