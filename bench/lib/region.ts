/**
 * Reference data and users for the bench, created over HTTP the way an administrator would:
 * several organisations (one submitter each), universities (one reviewer each) running one
 * programme, an intake open for EOIs, a second intake for the timer batch, and HEE staff.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Actor } from '../../domain/roles';
import { Api } from './api';

export interface Party {
  id: string;
  name: string;
  api: Api;
  actor: Actor;
}

export interface Intake {
  id: string;
  programmeId: string;
  startsOn: string;
  confirmationDueAt: string;
  priorityServiceTypes: string[];
}

export interface Region {
  organisations: Party[];
  universities: Party[];
  programme: { id: string; name: string };
  intake: Intake;
  timerIntake: Intake;
  staff: Api;
  staffActor: Actor;
}

const DAY = 24 * 60 * 60 * 1000;
const unique = () => randomBytes(3).toString('hex').toUpperCase();

interface Me {
  id: string;
  name: string;
  role: Actor['role'];
  scope: Partial<Pick<Actor, 'organisationId' | 'universityId'>>;
}

async function user(admin: Api, body: Record<string, unknown>): Promise<{ api: Api; actor: Actor }> {
  const created = await admin.post<{ token: string }>('/api/users', body, 201);
  const api = new Api(admin.baseUrl, created.token);
  const me = await api.get<Me>('/api/me');
  return { api, actor: { userId: me.id, role: me.role, name: me.name, ...me.scope } };
}

async function intake(admin: Api, programmeId: string, fundedPlaces: number, startsInDays: number): Promise<Intake> {
  const now = Date.now();
  return admin.post<Intake>(
    '/api/intakes',
    {
      programmeId,
      startsOn: new Date(now + startsInDays * DAY).toISOString().slice(0, 10),
      fundedPlaces,
      eoiOpensAt: new Date(now - DAY).toISOString(),
      eoiClosesAt: new Date(now + Math.min(30, startsInDays - 1) * DAY).toISOString(),
      priorityServiceTypes: ['primary_care'],
    },
    201,
  );
}

export async function createRegion(
  apiUrl: string,
  adminToken: string,
  options: { organisations: number; universities: number; timerPlaces: number },
): Promise<Region> {
  const admin = new Api(apiUrl, adminToken);
  const tag = unique().toLowerCase();
  const universities: Party[] = [];
  for (let u = 0; u < options.universities; u++) {
    const name = `Bench University ${u + 1}`;
    const university = await admin.post<{ id: string }>('/api/universities', { name }, 201);
    const reviewer = await user(admin, {
      name: `Reviewer ${u + 1}`,
      email: `reviewer${u + 1}.${tag}@bench.ac.uk`,
      role: 'university_reviewer',
      universityId: university.id,
    });
    universities.push({ id: university.id, name, ...reviewer });
  }
  const programmeName = 'MSc Advanced Practice (bench)';
  const programme = await admin.post<{ id: string }>(
    '/api/programmes',
    { name: programmeName, role: 'advanced_practitioner', universityIds: universities.map((u) => u.id) },
    201,
  );
  const organisations: Party[] = [];
  for (let o = 0; o < options.organisations; o++) {
    const name = `Bench Trust ${o + 1}`;
    const organisation = await admin.post<{ id: string }>(
      '/api/organisations',
      { name, odsCode: `B${unique()}`, kind: 'nhs_trust', serviceType: 'integrated_community_care' },
      201,
    );
    const submitter = await user(admin, {
      name: `Submitter ${o + 1}`,
      email: `submitter${o + 1}.${tag}@bench.nhs.uk`,
      role: 'org_submitter',
      organisationId: organisation.id,
    });
    organisations.push({ id: organisation.id, name, ...submitter });
  }
  const staff = await user(admin, { name: 'HEE Staff', email: `staff.${tag}@bench.nhs.uk`, role: 'hee_staff' });
  return {
    organisations,
    universities,
    programme: { id: programme.id, name: programmeName },
    intake: await intake(admin, programme.id, 100, 120),
    // Starts in 10 days: its confirmation deadline (28 days before the start) has passed, so an
    // EOI funded here is overdue at once and any extension to a near instant is accepted.
    timerIntake: await intake(admin, programme.id, Math.min(10_000, Math.max(1, options.timerPlaces)), 10),
    staff: staff.api,
    staffActor: staff.actor,
  };
}

/** The body of POST /api/eois for organisation o and university u. */
export function eoiBody(region: Region, o: number, u: number, intake: Intake = region.intake, placesRequested = 2) {
  const organisation = region.organisations[o % region.organisations.length]!;
  const university = region.universities[u % region.universities.length]!;
  return {
    organisationId: organisation.id,
    universityId: university.id,
    intakeId: intake.id,
    serviceType: 'integrated_community_care' as const,
    pathway: 'mental_health',
    placesRequested,
    contact: { name: 'Cara Contact', email: 'cara.contact@bench.nhs.uk' },
    declarations: { jobDescriptionAndPersonSpec: true, hrArrangementsConfirmed: true, bandedPostGuaranteed: true },
  };
}

export const requestId = () => randomUUID();
