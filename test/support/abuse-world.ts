/**
 * Two of everything for the abuse tests: the world of test/e2e/fixtures (one user of every role
 * bound to "ours") plus users bound to the other scopes, and processes on both sides, each
 * carrying personal data a leak would show: an EOI with a contact and a candidate, a spoke
 * application with its named administrator and educationalist and a document attached to it.
 */
import { randomBytes } from 'node:crypto';
import type { Role } from '../../domain/roles';
import { createWorld, type World } from '../e2e/fixtures/world';
import type { ApiClient, ApiResponse } from './api-client';
import { createIntake } from './region';
import { formWith } from './sample-documents';
import type { TestSystem } from './system';

export interface Side {
  eoi: { id: string; candidateId: string; secrets: string[] };
  spoke: { id: string; secrets: string[] };
  /** A file attached to the spoke application's first evidence item; the secret is in its bytes. */
  document: { id: string; secrets: string[] };
  /** A user of each scoped role, bound to this side's organisation, university, hub or practice. */
  users: Record<
    'org_submitter' | 'university_reviewer' | 'hub_lead' | 'practice_manager',
    { id: string; client: ApiClient; email: string }
  >;
}

export interface AbuseWorld extends World {
  openIntake: { id: string };
  ours: Side;
  theirs: Side;
}

function ok(response: ApiResponse, what: string, status = 200) {
  if (response.status !== status) throw new Error(`${what} answered ${response.status}: ${response.text}`);
  return response.body;
}

async function side(
  system: TestSystem,
  world: World,
  openIntakeId: string,
  scope: { organisationId: string; universityId: string; hubId: string; practiceId: string; practiceName: string },
  users: Side['users'],
  label: string,
): Promise<Side> {
  const tag = `${label}${randomBytes(3).toString('hex')}`;
  const contact = { name: `Contact ${tag}`, email: `contact.${tag}@org.nhs.uk` };
  const eoi = ok(
    await users.org_submitter.client.post('/api/eois', {
      organisationId: scope.organisationId,
      universityId: scope.universityId,
      intakeId: openIntakeId,
      serviceType: 'primary_care',
      placesRequested: 1,
      contact,
      declarations: { jobDescriptionAndPersonSpec: true, hrArrangementsConfirmed: true, bandedPostGuaranteed: true },
    }),
    'EOI',
    201,
  );
  ok(await users.university_reviewer.client.post(`/api/eois/${eoi.id}/review`, { decision: 'support', comment: 'ok' }), 'review');
  ok(
    await world.users.hee_staff.client.post(`/api/eois/${eoi.id}/funding-decision`, { decision: 'fund', places: 1, comment: 'ok' }),
    'funding',
  );
  const candidate = { name: `Candidate ${tag}`, email: `candidate.${tag}@org.nhs.uk`, currentRole: 'Staff nurse' };
  const added = ok(await users.org_submitter.client.post(`/api/eois/${eoi.id}/candidates`, candidate), 'candidate', 201);
  const administrator = { name: `Administrator ${tag}`, email: `admin.${tag}@practice.nhs.uk` };
  const educationalist = { name: `Educationalist ${tag}`, email: `educ.${tag}@practice.nhs.uk` };
  const spoke = ok(
    await users.practice_manager.client.post('/api/spoke-applications', {
      practiceId: scope.practiceId,
      hubId: scope.hubId,
      administrator,
      educationalist,
    }),
    'spoke application',
    201,
  );
  const policy = `Supervision policy of ${tag}`;
  const attached = await fetch(
    `${users.practice_manager.client.baseUrl}/api/spoke-applications/${spoke.id}/evidence/${spoke.criteria[0].code}/documents`,
    {
      method: 'POST',
      headers: { authorization: `Bearer ${users.practice_manager.client.token}` },
      body: formWith([{ name: `policy-${tag}.pdf`, bytes: Buffer.from(`%PDF-1.4\n% ${policy}\n%%EOF\n`) }]),
    },
  );
  if (attached.status !== 201)
    throw new Error(`Setting up the abuse world: document answered ${attached.status}: ${await attached.text()}`);
  const document = ((await attached.json()) as { items: { id: string }[] }).items[0]!;
  return {
    eoi: { id: eoi.id, candidateId: added.candidateId, secrets: [contact.name, contact.email, candidate.name, candidate.email] },
    spoke: { id: spoke.id, secrets: [administrator.name, administrator.email, educationalist.name, educationalist.email] },
    document: { id: document.id, secrets: [policy] },
    users,
  };
}

export async function createAbuseWorld(system: TestSystem): Promise<AbuseWorld> {
  const world = await createWorld(system);
  const openIntake = await createIntake(system, world.programme.id, { fundedPlaces: 20 });
  const tag = randomBytes(3).toString('hex');
  const user = async (role: Role, scope: Record<string, string>) => {
    const email = `${role}.${tag}@other.nhs.uk`;
    const made = ok(await system.admin.post('/api/users', { name: `Other ${role}`, email, role, ...scope }), 'user', 201);
    return { id: made.id as string, client: system.as(made.token), email };
  };
  const theirUsers: Side['users'] = {
    org_submitter: await user('org_submitter', { organisationId: world.otherOrganisation.id }),
    university_reviewer: await user('university_reviewer', { universityId: world.otherUniversity.id }),
    hub_lead: await user('hub_lead', { hubId: world.otherHub.id }),
    practice_manager: await user('practice_manager', { practiceId: world.otherPractice.id }),
  };
  const ourUsers = Object.fromEntries(
    (['org_submitter', 'university_reviewer', 'hub_lead', 'practice_manager'] as const).map((role) => [
      role,
      { id: world.users[role].id, client: world.users[role].client, email: `${role}@example.nhs.uk` },
    ]),
  ) as Side['users'];
  const ours = await side(
    system,
    world,
    openIntake.id,
    {
      organisationId: world.organisation.id,
      universityId: world.university.id,
      hubId: world.hub.id,
      practiceId: world.practice.id,
      practiceName: world.practice.name,
    },
    ourUsers,
    'ours',
  );
  const theirs = await side(
    system,
    world,
    openIntake.id,
    {
      organisationId: world.otherOrganisation.id,
      universityId: world.otherUniversity.id,
      hubId: world.otherHub.id,
      practiceId: world.otherPractice.id,
      practiceName: world.otherPractice.name,
    },
    theirUsers,
    'theirs',
  );
  return { ...world, openIntake, ours, theirs };
}
