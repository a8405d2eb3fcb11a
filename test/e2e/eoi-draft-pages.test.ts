/**
 * Starting an expression of interest over HTTP, as a browser without JavaScript does: the answers
 * are kept in the person's own draft (another person's draft is "not found"), every form needs
 * the session's CSRF token, and sending the same draft twice makes one EOI.
 */
import { createRegion, type Region } from '../support/region';
import { startTestSystem, type TestSystem } from '../support/system';
import { inputValue, WebClient } from '../support/web-client';
import { signedInByEmailLink } from '../support/web-sign-in';

describe('EOI drafts on the pages: one person’s, CSRF-protected, sent once', () => {
  let system: TestSystem;
  let region: Region;

  beforeAll(async () => {
    system = await startTestSystem();
    region = await createRegion(system, { fundedPlaces: 10 });
  });

  afterAll(async () => {
    await system?.stop();
  });

  const signedIn = (email: string) => signedInByEmailLink(system, email);

  /** Posts a page's form with the CSRF token read from the page, as the browser would. */
  async function send(browser: WebClient, path: string, fields: Record<string, string>) {
    const page = await browser.get(path);
    expect(page.status).toBe(200);
    return browser.post(path, { _csrf: inputValue(page.text, '_csrf')!, ...fields });
  }

  it('keeps the answers in the person’s own draft and sends it once however often it is sent', async () => {
    const org = await signedIn(region.submitter.email);
    const started = await send(org, '/eois/new', { intakeId: region.intake.id });
    expect(started.status).toBe(303);
    const draftPath = new URL(started.location!).pathname.replace(/\/university$/, '');
    expect(draftPath).toMatch(/^\/eois\/drafts\/draft_[A-Za-z0-9_-]+$/);

    // Without the session's token a form is refused before anything is saved.
    expect((await org.post(`${draftPath}/university`, { universityId: region.university.id })).status).toBe(403);
    // Another organisation's submitter cannot open it.
    const other = await signedIn(region.otherSubmitter.email);
    expect((await other.get(`${draftPath}/university`)).status).toBe(404);

    expect((await send(org, `${draftPath}/university`, { universityId: region.university.id })).status).toBe(303);
    const places = { serviceType: 'primary_care', pathway: '', placesRequested: '3' };
    expect((await send(org, `${draftPath}/places`, places)).status).toBe(303);
    const contact = { 'contact.name': 'Cara Contact', 'contact.email': 'cara@northshire.nhs.uk' };
    expect((await send(org, `${draftPath}/contact`, contact)).status).toBe(303);
    const draft = await system.db.prisma.formDraft.findFirstOrThrow({ where: { id: draftPath.split('/')[3] } });
    expect(draft.answers).toMatchObject({ universityId: region.university.id, placesRequested: '3', 'contact.name': 'Cara Contact' });
    const declarations = {
      'declarations.jobDescriptionAndPersonSpec': 'yes',
      'declarations.hrArrangementsConfirmed': 'yes',
      'declarations.bandedPostGuaranteed': 'yes',
    };
    expect((await send(org, `${draftPath}/declarations`, declarations)).status).toBe(303);

    // Sent twice (a double click, a retry after a lost answer): one EOI, and both lead to it.
    const check = await org.get(`${draftPath}/check`);
    const token = inputValue(check.text, '_csrf')!;
    const first = await org.post(`${draftPath}/check`, { _csrf: token });
    const second = await org.post(`${draftPath}/check`, { _csrf: token });
    expect(first.status).toBe(303);
    expect(second.status).toBe(303);
    const eoiPath = new URL(first.location!).pathname;
    expect(eoiPath).toMatch(/^\/eois\/eoi_/);
    expect(new URL(second.location!).pathname).toBe(eoiPath);
    expect(await system.db.prisma.eoi.count({ where: { organisationId: region.organisation.id } })).toBe(1);
    const stored = await system.db.prisma.eoi.findUniqueOrThrow({ where: { id: eoiPath.split('/')[2] } });
    expect(stored).toMatchObject({ status: 'UNDER_UNIVERSITY_REVIEW', placesRequested: 3 });
    // The draft's pages now lead to what it became.
    expect(new URL((await org.get(`${draftPath}/places`)).location!).pathname).toBe(eoiPath);
  });
});
