/**
 * Reference data and users for a small region, created over HTTP the way an administrator
 * would on the first day: organisations, universities, a programme, an intake and one user per
 * role, each with their token.
 */
import { randomBytes } from 'node:crypto';
import type { ApiClient } from './api-client';
import type { TestSystem } from './system';

export interface RegionUser {
  id: string;
  token: string;
  email: string;
  api: ApiClient;
}

export interface Region {
  organisation: { id: string; name: string };
  otherOrganisation: { id: string; name: string };
  university: { id: string; name: string };
  otherUniversity: { id: string; name: string };
  programme: { id: string };
  intake: { id: string; startsOn: string; confirmationDueAt: string };
  submitter: RegionUser;
  otherSubmitter: RegionUser;
  reviewer: RegionUser;
  otherReviewer: RegionUser;
  staff: RegionUser;
}

function expectCreated(response: { status: number; body: any; text: string }, what: string) {
  if (response.status !== 201) throw new Error(`Creating ${what} answered ${response.status}: ${response.text}`);
  return response.body;
}

const day = 24 * 60 * 60 * 1000;
const unique = () => randomBytes(3).toString('hex').toUpperCase();

export async function createUser(system: TestSystem, body: Record<string, unknown>): Promise<RegionUser> {
  const user = expectCreated(await system.admin.post('/api/users', body), `user ${String(body.email)}`);
  return { id: user.id, token: user.token, email: String(body.email), api: system.as(user.token) };
}

export async function createIntake(
  system: TestSystem,
  programmeId: string,
  options: { fundedPlaces?: number; startsInDays?: number; priorityServiceTypes?: string[] } = {},
): Promise<Region['intake']> {
  const now = Date.now();
  const startsOn = new Date(now + (options.startsInDays ?? 120) * day).toISOString().slice(0, 10);
  return expectCreated(
    await system.admin.post('/api/intakes', {
      programmeId,
      startsOn,
      fundedPlaces: options.fundedPlaces ?? 10,
      eoiOpensAt: new Date(now - day).toISOString(),
      eoiClosesAt: new Date(now + 30 * day).toISOString(),
      priorityServiceTypes: options.priorityServiceTypes ?? ['primary_care'],
    }),
    'intake',
  );
}

export async function createRegion(system: TestSystem, options: { fundedPlaces?: number; startsInDays?: number } = {}): Promise<Region> {
  const admin = system.admin;
  const organisation = expectCreated(
    await admin.post('/api/organisations', {
      name: 'Northshire Community Trust',
      odsCode: `R${unique()}`,
      kind: 'nhs_trust',
      serviceType: 'integrated_community_care',
    }),
    'organisation',
  );
  const otherOrganisation = expectCreated(
    await admin.post('/api/organisations', {
      name: 'Riverside Surgery',
      odsCode: `P${unique()}`,
      kind: 'gp_practice',
      serviceType: 'primary_care',
    }),
    'organisation',
  );
  const university = expectCreated(await admin.post('/api/universities', { name: 'University of Northshire' }), 'university');
  const otherUniversity = expectCreated(await admin.post('/api/universities', { name: 'Riverside University' }), 'university');
  const programme = expectCreated(
    await admin.post('/api/programmes', {
      name: 'MSc Advanced Practice',
      role: 'advanced_practitioner',
      universityIds: [university.id, otherUniversity.id],
    }),
    'programme',
  );
  const intake = await createIntake(system, programme.id, options);
  const tag = unique().toLowerCase();
  return {
    organisation,
    otherOrganisation,
    university,
    otherUniversity,
    programme,
    intake,
    submitter: await createUser(system, {
      name: 'Olu Submitter',
      email: `olu.${tag}@northshire.nhs.uk`,
      role: 'org_submitter',
      organisationId: organisation.id,
    }),
    otherSubmitter: await createUser(system, {
      name: 'Rae Other',
      email: `rae.${tag}@riverside.nhs.uk`,
      role: 'org_submitter',
      organisationId: otherOrganisation.id,
    }),
    reviewer: await createUser(system, {
      name: 'Uma Reviewer',
      email: `uma.${tag}@northshire.ac.uk`,
      role: 'university_reviewer',
      universityId: university.id,
    }),
    otherReviewer: await createUser(system, {
      name: 'Rio Reviewer',
      email: `rio.${tag}@riverside.ac.uk`,
      role: 'university_reviewer',
      universityId: otherUniversity.id,
    }),
    staff: await createUser(system, { name: 'Hana Staff', email: `hana.${tag}@hee.nhs.uk`, role: 'hee_staff' }),
  };
}

export function eoiBody(region: Region, overrides: Record<string, unknown> = {}) {
  return {
    organisationId: region.organisation.id,
    universityId: region.university.id,
    intakeId: region.intake.id,
    serviceType: 'integrated_community_care',
    pathway: 'mental_health',
    placesRequested: 2,
    contact: { name: 'Cara Contact', email: 'cara.contact@northshire.nhs.uk' },
    declarations: { jobDescriptionAndPersonSpec: true, hrArrangementsConfirmed: true, bandedPostGuaranteed: true },
    ...overrides,
  };
}
