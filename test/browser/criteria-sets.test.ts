/**
 * A hub lead changes their hub's accreditation criteria in a real browser, from the home page: the
 * list shows their hub's current version, its page shows the criteria, and the new-version form,
 * prefilled with them, creates version 2 with one criterion changed while version 1 stays listed.
 * A title left blank is refused with the error summary linking to the field and creates nothing;
 * the same form sent twice creates one version. A hub lead of another hub gets 404 for them; an
 * administrator sees every hub. Every page is scanned with axe and kept as a screenshot.
 */
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage } from '../support/browser';
import { createUser } from '../support/region';
import { startTestSystem, type TestSystem } from '../support/system';
import { CriteriaListPage, CriteriaSetPage, NewCriteriaVersionPage } from './pages/criteria-sets';
import { HomePage } from './pages/home';
import { signInByEmail } from './pages/sign-in';

jest.setTimeout(300_000);

/** The API's clock, fixed so no date here depends on today. */
const NOW = new Date('2027-01-15T10:00:00Z');

const FIRST_CRITERIA = [
  { code: 'QM-ADMIN', title: 'A named administrator for learners’ timetables', guidance: 'Name them and who covers for them.' },
  { code: 'ENVIRONMENT', title: 'A learning environment', guidance: 'Rooms, equipment and IT access.' },
];

describe('hub leads change their hub’s accreditation criteria in a real browser', () => {
  let system: TestSystem;
  let browser: Browser;
  let northshire: { id: string; name: string };
  let westmoor: { id: string; name: string };
  let first: { id: string; name: string };

  beforeAll(async () => {
    system = await startTestSystem({}, { now: () => NOW });
    northshire = (await system.admin.post('/api/hubs', { name: 'Northshire Training Hub' })).body;
    westmoor = (await system.admin.post('/api/hubs', { name: 'Westmoor Training Hub' })).body;
    await createUser(system, { name: 'Lena Lead', email: 'lena.lead@example.nhs.uk', role: 'hub_lead', hubId: northshire.id });
    await createUser(system, { name: 'Wes Lead', email: 'wes.lead@example.nhs.uk', role: 'hub_lead', hubId: westmoor.id });
    const ada = await createUser(system, { name: 'Ada Admin', email: 'ada.admin@example.nhs.uk', role: 'admin' });
    const created = await ada.api.post('/api/criteria-sets', {
      hubId: northshire.id,
      name: 'Northshire spoke criteria',
      criteria: FIRST_CRITERIA,
    });
    expect(created.status).toBe(201);
    first = created.body;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  const versions = async (hubId: string) =>
    (await system.admin.get(`/api/criteria-sets?hubId=${hubId}`)).body.items as { id: string; version: number; criteria: unknown[] }[];

  it('creates version 2 with one criterion changed; a blank title is refused and creates nothing; sent twice, one version', async () => {
    const { context, page } = await openPage(browser, system.baseUrl);
    await signInByEmail(page, system.smtp, 'lena.lead@example.nhs.uk', '/', 'criteria-sets-0');
    await new HomePage(page).arrived('criteria-sets-1-home');
    await page.getByRole('link', { name: 'your hub’s accreditation criteria' }).click();

    const list = await new CriteriaListPage(page).arrived('criteria-sets-2-list');
    const listed = await list.rows();
    expect(listed).toHaveLength(1); // not the other hub's
    expect(listed[0]!.slice(0, 4)).toEqual(['Northshire Training Hub', 'Northshire spoke criteria', '1', '2']);
    expect(listed[0]![4]).toContain('Ada Admin');
    await list.open('Northshire spoke criteria');

    const setPage = await new CriteriaSetPage(page, 'Northshire spoke criteria').arrived('criteria-sets-3-version-1');
    expect(await setPage.criteria()).toEqual(FIRST_CRITERIA.map((c) => [c.code, c.title, c.guidance]));
    expect(await setPage.state.innerText()).toBe('Current version');
    await setPage.newVersion();

    const form = await new NewCriteriaVersionPage(page).arrived('criteria-sets-4-form');
    expect(await form.field(1, 'title').inputValue()).toBe('A learning environment');
    expect(await form.field(2, 'code').inputValue()).toBe(''); // a spare row

    // A title left blank: the summary links to that row's title, and nothing is created.
    await form.field(1, 'title').fill('  ');
    await form.send('Create version 2');
    await form.arrived('criteria-sets-5-blank-title');
    expect(await form.errors()).toEqual([['Enter a title for criterion 2', '#criteria-1-title']]);
    expect(await versions(northshire.id)).toHaveLength(1);

    await form.field(1, 'title').fill('A learning environment with supervision for every learner');
    const sent = await form.formFields();
    await form.send('Create version 2');
    await setPage.arrived('criteria-sets-6-version-2');
    expect(await setPage.banner.innerText()).toContain('Version 2 created: applications already started keep version 1');
    expect(await page.locator('main .nhsuk-caption-l').innerText()).toBe('Northshire Training Hub, version 2');
    expect(await setPage.criteria()).toEqual([
      [FIRST_CRITERIA[0]!.code, FIRST_CRITERIA[0]!.title, FIRST_CRITERIA[0]!.guidance],
      ['ENVIRONMENT', 'A learning environment with supervision for every learner', 'Rooms, equipment and IT access.'],
    ]);
    const listedVersions = await setPage.versions();
    expect(listedVersions).toHaveLength(2);
    expect(listedVersions[0]).toMatch(/^Version 2: Northshire spoke criteria \(this version\), created .* by Lena Lead \(current\)$/);
    expect(listedVersions[1]).toMatch(/^Version 1: Northshire spoke criteria, created .* by Ada Admin$/);

    // The API agrees: two versions, the spare rows dropped.
    const both = await versions(northshire.id);
    expect(both.map((v) => v.version)).toEqual([1, 2]);
    expect(both[1]!.criteria).toEqual([
      FIRST_CRITERIA[0],
      { ...FIRST_CRITERIA[1], title: 'A learning environment with supervision for every learner' },
    ]);

    // The same form sent again (a double click, a resend) is the same version.
    const again = await page.request.post(`/criteria-sets/hubs/${northshire.id}/new`, { form: sent, maxRedirects: 0 });
    expect(again.status()).toBe(303);
    expect(new URL(again.headers().location!, system.baseUrl).pathname).toBe(new URL(page.url()).pathname);
    expect(await versions(northshire.id)).toHaveLength(2);

    // Version 1 is still there, marked as earlier.
    await setPage.follow(/^Version 1: /);
    await setPage.arrived('criteria-sets-7-version-1-earlier');
    expect(new URL(page.url()).pathname).toBe(`/criteria-sets/${first.id}`);
    expect(await setPage.state.innerText()).toBe('Earlier version');
    expect(await setPage.criteria()).toEqual(FIRST_CRITERIA.map((c) => [c.code, c.title, c.guidance]));
    await context.close();
  });

  it('a hub lead of another hub gets 404 for them; an administrator sees every hub', async () => {
    const { context, page } = await openPage(browser, system.baseUrl);
    await signInByEmail(page, system.smtp, 'wes.lead@example.nhs.uk', '/', 'criteria-sets-other-0');
    for (const path of [`/criteria-sets/${first.id}`, `/criteria-sets/hubs/${northshire.id}/new`]) {
      expect((await page.goto(path))?.status()).toBe(404);
      expect(await page.locator('h1').innerText()).toBe('Page not found');
    }
    await page.goto('/criteria-sets');
    const list = await new CriteriaListPage(page).arrived('criteria-sets-other-1-list');
    expect((await list.rows()).map((row) => row.slice(0, 2))).toEqual([
      ['Westmoor Training Hub', 'None yet: create the first version for Westmoor Training Hub'],
    ]);
    await context.close();

    const admin = await openPage(browser, system.baseUrl);
    await signInByEmail(admin.page, system.smtp, 'ada.admin@example.nhs.uk', '/', 'criteria-sets-admin-0');
    const home = await new HomePage(admin.page).arrived('criteria-sets-admin-1-home');
    await home.section('administration').getByRole('link', { name: 'Accreditation criteria' }).click();
    const all = await new CriteriaListPage(admin.page).arrived('criteria-sets-admin-2-list');
    expect((await all.rows()).map((row) => row.slice(0, 2))).toEqual([
      ['Northshire Training Hub', 'Northshire spoke criteria'],
      ['Westmoor Training Hub', 'None yet: create the first version for Westmoor Training Hub'],
    ]);
    await admin.context.close();
  });
});
