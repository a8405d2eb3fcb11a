/**
 * The EOI form's pages read the draft's own intake, within the person's scope: with more intakes
 * than any list of choices holds (500) starting before it (past intakes pile up year on year),
 * the university page still offers the universities that run its programme, refuses one that
 * does not, and check your answers still names the intake.
 */
import { createRegion, type Region } from '../support/region';
import { startTestSystem, type TestSystem } from '../support/system';
import { inputValue, WebClient } from '../support/web-client';
import { signedInByEmailLink } from '../support/web-sign-in';

jest.setTimeout(300_000);

describe('an EOI draft whose intake comes after 500 others', () => {
  let system: TestSystem;
  let region: Region;

  beforeAll(async () => {
    system = await startTestSystem();
    region = await createRegion(system);
    const intake = await system.db.prisma.intake.findUniqueOrThrow({ where: { id: region.intake.id } });
    // 501 earlier intakes of the same programme, long closed to expressions of interest.
    const day = 24 * 60 * 60 * 1000;
    await system.db.prisma.intake.createMany({
      data: Array.from({ length: 501 }, (_, i) => {
        const startsOn = new Date(intake.startsOn.getTime() - (i + 1) * day);
        return {
          id: `intake_past_${String(i + 1).padStart(3, '0')}`,
          programmeId: intake.programmeId,
          startsOn,
          fundedPlaces: 7,
          eoiOpensAt: new Date(startsOn.getTime() - 200 * day),
          eoiClosesAt: new Date(startsOn.getTime() - 100 * day),
          priorityServiceTypes: [],
        };
      }),
    });
  });

  afterAll(async () => {
    await system?.stop();
  });

  /** Posts a page's form with the CSRF token read from the page, as the browser would. */
  async function send(browser: WebClient, path: string, fields: Record<string, string>) {
    const page = await browser.get(path);
    expect(page.status).toBe(200);
    return browser.post(path, { _csrf: inputValue(page.text, '_csrf')!, ...fields });
  }

  it('offers and checks the intake’s universities and names the intake on check your answers', async () => {
    const org = await signedInByEmailLink(system, region.submitter.email);
    const started = await send(org, '/eois/new', { intakeId: region.intake.id });
    expect(started.status).toBe(303);
    const draftPath = new URL(started.location!).pathname.replace(/\/university$/, '');

    const universities = await org.get(`${draftPath}/university`);
    expect(universities.status).toBe(200);
    expect(universities.text).toContain(`value="${region.university.id}"`);
    expect(universities.text).toContain('These universities run MSc Advanced Practice.');

    // A university that does not run the intake's programme is refused, as the API would.
    const elsewhere = await system.admin.post('/api/universities', { name: 'University of Elsewhere' });
    expect(elsewhere.status).toBe(201);
    const refused = await send(org, `${draftPath}/university`, { universityId: elsewhere.body.id });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('University of Elsewhere does not run this intake');

    expect((await send(org, `${draftPath}/university`, { universityId: region.university.id })).status).toBe(303);
    const check = await org.get(`${draftPath}/check`);
    expect(check.status).toBe(200);
    expect(check.text).toContain('MSc Advanced Practice, starting');
  });
});
