/**
 * The start of most spoke tests, created over HTTP: a practice in a hub (a new hub unless one is
 * given), its practice manager, and the manager's spoke application naming an administrator and
 * an educationalist. Each practice gets a fresh ODS code, and addresses derived from it unless
 * the test names the people it signs in as.
 */
import { randomBytes } from 'node:crypto';
import { createUser, type RegionUser } from './region';
import type { TestSystem } from './system';

interface Person {
  name: string;
  email: string;
}

export interface SpokeApplicant {
  hubId: string;
  practice: { id: string; name: string };
  manager: RegionUser;
  application: { id: string; criteria: { code: string; title: string }[] };
}

async function created(response: Promise<{ status: number; body: any; text: string }>, what: string) {
  const answer = await response;
  if (answer.status !== 201) throw new Error(`Creating ${what} answered ${answer.status}: ${answer.text}`);
  return answer.body;
}

export async function createSpokeApplicant(
  system: TestSystem,
  options: {
    practiceName: string;
    /** An existing hub; otherwise one named `hub` is created. */
    hubId?: string;
    hub?: { name: string; areas: string[] };
    manager?: Person;
    administrator?: Person;
    educationalist?: Person;
  },
): Promise<SpokeApplicant> {
  const hubId =
    options.hubId ??
    (await created(system.admin.post('/api/hubs', options.hub ?? { name: 'Bolton Training Hub', areas: ['Bolton'] }), 'hub')).id;
  const odsCode = `P${randomBytes(3).toString('hex').toUpperCase()}`;
  const practice = await created(
    system.admin.post('/api/practices', { name: options.practiceName, odsCode, isTrainingPractice: false, hubId }),
    'practice',
  );
  const email = options.manager?.email ?? `pm-${odsCode.toLowerCase()}@example.nhs.uk`;
  const manager = await createUser(system, {
    name: options.manager?.name ?? `${options.practiceName} Manager`,
    email,
    role: 'practice_manager',
    practiceId: practice.id,
  });
  const application = await created(
    manager.api.post('/api/spoke-applications', {
      practiceId: practice.id,
      hubId,
      administrator: options.administrator ?? { name: 'Ann Admin', email: `ann-${email}` },
      educationalist: options.educationalist ?? { name: 'Dr Eve', email: `eve-${email}` },
    }),
    'spoke application',
  );
  return { hubId, practice: { id: practice.id, name: options.practiceName }, manager, application };
}
