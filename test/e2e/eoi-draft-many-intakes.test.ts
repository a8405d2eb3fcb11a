/**
 * The EOI form's pages read the draft's own intake, within the person's scope: with more intakes
 * than any list of choices holds (500) starting before it (past intakes pile up year on year),
 * the university page still offers the universities that run its programme, refuses one that
 * does not, check your answers still names the intake and the university (with more
 * universities than a list holds before it by name), and the home page's "Not sent yet" names it.
 */
import { seedIntakesBeside } from '../support/many-intakes';
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
    // 501 earlier intakes of the same programme, long closed to expressions of interest.
    await seedIntakesBeside(system, region.intake.id, { count: 501, idPrefix: 'intake_past_', step: -1, closed: true });
    // 501 universities whose names come before the region's, so a list of the first 500 misses it.
    await system.db.prisma.university.createMany({
      data: Array.from({ length: 501 }, (_, i) => ({ id: `uni_aa_${i}`, name: `Aardvark University ${String(i).padStart(3, '0')}` })),
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
    expect(check.text).toContain(region.university.name);

    const home = await org.get('/');
    expect(home.status).toBe(200);
    const notSent = home.text.slice(home.text.indexOf('id="not-sent-yet"'));
    expect(notSent).toContain('MSc Advanced Practice, starting');
    expect(notSent).not.toContain('An intake no longer open');
  });
});
