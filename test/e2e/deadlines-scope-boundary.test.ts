/**
 * Who sees which deadlines, over HTTP on real servers: each role only its own subjects across
 * both processes, in the list, the CSV export and the calendar feed; a filter naming someone
 * else's organisation, university or hub finds nothing rather than widening the scope.
 */
import { randomBytes } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import type { ApiClient } from '../support/api-client';
import { createRegion, createUser, eoiBody, type Region, type RegionUser } from '../support/region';
import { startTestSystem, type TestSystem } from '../support/system';
import { until } from '../support/eventually';

describe('deadlines: scope boundaries across both processes', () => {
  let system: TestSystem;
  let region: Region;
  let eoiId: string;
  let applicationId: string;
  let hub: { id: string };
  let otherHub: { id: string };
  let manager: RegionUser;
  let otherManager: RegionUser;
  let lead: RegionUser;
  let otherLead: RegionUser;

  beforeAll(async () => {
    system = await startTestSystem();
    region = await createRegion(system);
    const tag = randomBytes(3).toString('hex');
    const ods = () => `P${randomBytes(3).toString('hex').toUpperCase()}`;
    hub = (await system.admin.post('/api/hubs', { name: 'Wigan Training Hub', areas: ['Wigan'] })).body;
    otherHub = (await system.admin.post('/api/hubs', { name: 'Bolton Training Hub', areas: ['Bolton'] })).body;
    const practice = (
      await system.admin.post('/api/practices', { name: 'Leigh Family Practice', odsCode: ods(), isTrainingPractice: false, hubId: hub.id })
    ).body;
    const otherPractice = (
      await system.admin.post('/api/practices', {
        name: 'Farnworth Surgery',
        odsCode: ods(),
        isTrainingPractice: false,
        hubId: otherHub.id,
      })
    ).body;
    manager = await createUser(system, {
      name: 'Pat M',
      email: `pat.${tag}@leigh.nhs.uk`,
      role: 'practice_manager',
      practiceId: practice.id,
    });
    otherManager = await createUser(system, {
      name: 'Pia O',
      email: `pia.${tag}@farnworth.nhs.uk`,
      role: 'practice_manager',
      practiceId: otherPractice.id,
    });
    lead = await createUser(system, { name: 'Hal L', email: `hal.${tag}@wigan-hub.nhs.uk`, role: 'hub_lead', hubId: hub.id });
    otherLead = await createUser(system, { name: 'Hope O', email: `hope.${tag}@bolton-hub.nhs.uk`, role: 'hub_lead', hubId: otherHub.id });

    const applied = await manager.api.post('/api/spoke-applications', {
      practiceId: practice.id,
      hubId: hub.id,
      administrator: { name: 'Ann Admin', email: `ann.${tag}@leigh.nhs.uk` },
      educationalist: { name: 'Ed Teach', email: `ed.${tag}@leigh.nhs.uk` },
    });
    expect(applied.status).toBe(201);
    applicationId = applied.body.id;

    const submitted = await region.submitter.api.post('/api/eois', eoiBody(region));
    expect(submitted.status).toBe(201);
    eoiId = submitted.body.id;
    await until(
      async () => ((await system.db.prisma.deadline.groupBy({ by: ['subjectId'] })).length >= 2 ? true : undefined),
      'both processes to record their deadlines',
    );
  });

  afterAll(async () => {
    await system?.stop();
  });

  const subjects = async (api: ApiClient, query = '') => {
    const response = await api.get(`/api/deadlines?limit=100${query}`);
    expect(response.status).toBe(200);
    return [...new Set((response.body.items as { subjectId: string }[]).map((i) => i.subjectId))].sort();
  };

  it('shows HEE staff both processes, and each other role only its own subjects', async () => {
    expect(await subjects(region.staff.api)).toEqual([eoiId, applicationId].sort());
    expect(await subjects(region.submitter.api)).toEqual([eoiId]);
    expect(await subjects(region.reviewer.api)).toEqual([eoiId]);
    expect(await subjects(manager.api)).toEqual([applicationId]);
    expect(await subjects(lead.api)).toEqual([applicationId]);

    const spoke = (await lead.api.get('/api/deadlines')).body.items[0];
    expect(spoke).toMatchObject({ subjectType: 'spoke_application', subjectId: applicationId, hubId: hub.id, status: 'due' });
  });

  it('shows another organisation, university, practice or hub none of it', async () => {
    expect(await subjects(region.otherSubmitter.api)).toEqual([]);
    expect(await subjects(region.otherReviewer.api)).toEqual([]);
    expect(await subjects(otherManager.api)).toEqual([]);
    expect(await subjects(otherLead.api)).toEqual([]);
  });

  it('lets the scope win over a filter naming someone else', async () => {
    expect(await subjects(region.otherSubmitter.api, `&organisationId=${region.organisation.id}`)).toEqual([]);
    expect(await subjects(region.otherReviewer.api, `&universityId=${region.university.id}`)).toEqual([]);
    expect(await subjects(otherLead.api, `&hubId=${hub.id}`)).toEqual([]);
    expect(await subjects(region.submitter.api, `&hubId=${hub.id}`)).toEqual([]);
    // Filters narrow within the scope.
    expect(await subjects(region.staff.api, `&organisationId=${region.organisation.id}`)).toEqual([eoiId]);
    expect(await subjects(region.staff.api, `&hubId=${hub.id}`)).toEqual([applicationId]);
    expect(await subjects(region.staff.api, `&hubId=${otherHub.id}`)).toEqual([]);
    expect(await subjects(region.staff.api, `&intakeId=${region.intake.id}`)).toEqual([eoiId]);
  });

  it('keeps the CSV export and the calendar feed to the same scope', async () => {
    const csvSubjects = async (api: ApiClient, query = '') => {
      const response = await api.get(`/api/deadlines.csv${query}`);
      expect(response.status).toBe(200);
      return (parse(response.text, { columns: true }) as { subjectId: string }[]).map((r) => r.subjectId);
    };
    expect(await csvSubjects(region.otherSubmitter.api, `?organisationId=${region.organisation.id}`)).toEqual([]);
    expect(await csvSubjects(otherLead.api)).toEqual([]);
    expect(await csvSubjects(region.submitter.api)).toEqual([eoiId]);

    const feed = async (api: ApiClient) => {
      const { url } = (await api.post('/api/me/calendar-token')).body;
      const text = await (await fetch(url)).text();
      return [...new Set([...text.matchAll(/^UID:(.*)\r?$/gm)].map((m) => m[1]!.split(':')[0]))];
    };
    expect(await feed(region.otherSubmitter.api)).toEqual([]);
    expect(await feed(otherManager.api)).toEqual([]);
    expect(await feed(lead.api)).toEqual([applicationId]);
    expect(new Set(await feed(region.staff.api))).toEqual(new Set([eoiId, applicationId]));
  });
});
