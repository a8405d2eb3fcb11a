/**
 * /intakes/:id reads the one intake it shows, within the person's scope: with more intakes than
 * any list of choices holds (500), the latest-starting one still shows its programme and places,
 * and an organisation still gets 403 (the page's policy).
 */
import { heading } from '../support/web-client';
import { seedIntakesBeside } from '../support/many-intakes';
import { createRegion, type Region } from '../support/region';
import { startTestSystem, type TestSystem } from '../support/system';
import { signedInByEmailLink } from '../support/web-sign-in';

jest.setTimeout(300_000);

describe('an intake page among more than 500 intakes', () => {
  let system: TestSystem;
  let region: Region;

  beforeAll(async () => {
    system = await startTestSystem();
    region = await createRegion(system);
    // 501 more intakes of the same programme, each starting a day later than the one before.
    await seedIntakesBeside(system, region.intake.id, { count: 501, idPrefix: 'intake_many_', step: 1 });
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('shows the 502nd intake by start date with its programme, and refuses an organisation', async () => {
    const staff = await signedInByEmailLink(system, region.staff.email);
    const page = await staff.get('/intakes/intake_many_501');
    expect(page.status).toBe(200);
    const last = await system.db.prisma.intake.findUniqueOrThrow({ where: { id: 'intake_many_501' }, include: { programme: true } });
    expect(heading(page.text)).toContain(last.programme.name);
    const organisation = await signedInByEmailLink(system, region.submitter.email);
    expect((await organisation.get('/intakes/intake_many_501')).status).toBe(403);
  });
});
