/**
 * The home page in a real browser: each role sees what needs their action (soonest first) and the
 * expressions of interest in their scope, with filters and numbered pages; nothing outside it.
 */
import type { Browser, Page } from 'playwright-core';
import { createRegion, eoiBody, type Region } from '../support/region';
import { startTestSystem, type TestSystem } from '../support/system';
import { expectAccessible } from '../support/accessibility';
import { launchBrowser, openPage, screenshot } from '../support/browser';
import { HomePage } from './pages/home';
import { signInByEmail } from './pages/sign-in';

// Browser journeys on a shared 2-core machine: each step waits on events, but a journey is long.
jest.setTimeout(300_000);

describe('home page per role: what needs your action, then everything in your scope, filtered and paged', () => {
  let system: TestSystem;
  let region: Region;
  let browser: Browser;
  const eoiIds: string[] = [];

  beforeAll(async () => {
    system = await startTestSystem();
    region = await createRegion(system, { fundedPlaces: 40 });
    browser = await launchBrowser();
    // 27 from one organisation (two pages of 25), 2 from another.
    for (let i = 0; i < 27; i++) {
      const sent = await region.submitter.api.post('/api/eois', eoiBody(region, { placesRequested: 1 + (i % 3) }));
      expect(sent.status).toBe(201);
      eoiIds.push(sent.body.id);
    }
    for (let i = 0; i < 2; i++) {
      const other = await region.otherSubmitter.api.post(
        '/api/eois',
        eoiBody(region, { organisationId: region.otherOrganisation.id, universityId: region.otherUniversity.id }),
      );
      expect(other.status).toBe(201);
    }
    // Two supported: they wait on regional staff's funding decision.
    for (const id of eoiIds.slice(0, 2)) {
      expect((await region.reviewer.api.post(`/api/eois/${id}/review`, { decision: 'support', comment: 'Good' })).status).toBe(200);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  async function signedIn(email: string, name: string): Promise<{ page: Page; home: HomePage }> {
    const { page } = await openPage(browser, system.baseUrl);
    await signInByEmail(page, system.smtp, email, '/', name);
    return { page, home: await new HomePage(page).arrived(`${name}-home`) };
  }

  it('regional staff: funding decisions waiting, every organisation’s expressions of interest, filters and pages', async () => {
    const { page, home } = await signedIn(region.staff.email, 'home-regional-staff');
    const actions = await home.actionRows();
    expect(actions).toHaveLength(2);
    expect(actions.map((row) => row[0])).toEqual(['Make the funding decision', 'Make the funding decision']);
    expect(actions.map((row) => row[1])).toEqual([region.organisation.name, region.organisation.name]);

    expect(await home.listCaption.innerText()).toBe('Showing 1 to 25 of 29');

    await home.goToPage(2);
    await home.arrived('home-regional-staff-page-2');
    expect(await home.listCaption.innerText()).toBe('Showing 26 to 29 of 29');
    expect((await home.eoiRows()).map((row) => row[0])).toEqual([
      region.organisation.name,
      region.organisation.name,
      region.otherOrganisation.name,
      region.otherOrganisation.name,
    ]);

    await home.filterBy({ organisation: region.otherOrganisation.name });
    await home.arrived('home-regional-staff-filtered');
    expect((await home.eoiRows()).map((row) => row[0])).toEqual([region.otherOrganisation.name, region.otherOrganisation.name]);
    expect(new URL(page.url()).searchParams.get('organisationId')).toBe(region.otherOrganisation.id);

    await page.goto('/');
    await home.filterBy({ status: 'Awaiting funding decision' });
    await home.arrived('home-regional-staff-by-status');
    expect(await home.eoiRows()).toHaveLength(2);
    expect((await home.eoiRows()).every((row) => row[5] === 'Awaiting funding decision')).toBe(true);
    await page.context().close();
  });

  it('an organisation sees only its own expressions of interest, and can start one', async () => {
    const { page, home } = await signedIn(region.otherSubmitter.email, 'home-organisation');
    expect(await home.actionRows()).toEqual([]);
    expect(await home.section('needs-your-action').innerText()).toContain('Nothing needs your action now.');
    const rows = await home.eoiRows();
    expect(rows.map((row) => row[0])).toEqual([region.otherOrganisation.name, region.otherOrganisation.name]);
    expect(await page.getByRole('link', { name: 'Start an expression of interest' }).count()).toBe(1);
    expect(await page.getByLabel('Organisation', { exact: true }).count()).toBe(0);
    // Its own funnel at the top: its two EOIs, not the region's.
    const funnel = await home.section('commissioning-dashboard').locator('#funnel-table').innerText();
    expect(funnel).toMatch(/Submitted\s+2\n/);
    expect(await home.section('commissioning-dashboard').locator('[data-intake]').count()).toBe(0);
    await page.context().close();
  });

  it('a university sees reviews waiting for it, soonest first, and only what was sent to it', async () => {
    const { page, home } = await signedIn(region.reviewer.email, 'home-university');
    const actions = await home.actionRows();
    expect(actions).toHaveLength(10);
    expect(actions.every((row) => row[0] === 'Review the expression of interest')).toBe(true);
    expect(await page.getByRole('link', { name: 'See all 25 things waiting for you' }).count()).toBe(1);
    expect(await home.listCaption.innerText()).toBe('Showing 1 to 25 of 27');
    // The link leads to the deadlines page: the same 25, 25 to a page, scanned with axe.
    await page.getByRole('link', { name: 'See all 25 things waiting for you' }).click();
    await page.waitForURL((url) => url.pathname === '/deadlines');
    expect((await page.locator('main h1').textContent())?.trim()).toBe('Deadlines');
    await expectAccessible(page);
    await screenshot(page, 'deadlines-university');
    expect((await page.locator('main table caption').innerText()).trim()).toBe('Showing 1 to 25 of 25');
    expect(await page.locator('main table tbody tr').count()).toBe(25);
    // A calendar feed of the same deadlines, its link shown once.
    await page.getByRole('button', { name: 'Get a calendar feed link' }).click();
    await page.getByTestId('calendar-feed-url').waitFor();
    expect((await page.locator('main h1').textContent())?.trim()).toBe('Your calendar feed');
    expect(await page.getByLabel('Feed link').inputValue()).toMatch(/\/calendar\/tfcal_[^/]+\.ics$/);
    await expectAccessible(page);
    await screenshot(page, 'deadlines-calendar-feed');
    await page.context().close();
  });

  it('a filter outside the person’s scope finds nothing rather than widening it', async () => {
    const { page } = await openPage(browser, system.baseUrl);
    await signInByEmail(page, system.smtp, region.otherSubmitter.email, `/?organisationId=${region.organisation.id}`, 'home-out-of-scope');
    const home = await new HomePage(page).arrived('home-out-of-scope-filter');
    // The organisation filter is not offered to an organisation, and its own scope still applies.
    expect((await home.eoiRows()).map((row) => row[0])).toEqual([region.otherOrganisation.name, region.otherOrganisation.name]);
    await page.goto('/?status=NOT_A_STATUS');
    expect(await page.locator('h1').innerText()).toBe('There is a problem with this address');
    await page.context().close();
  });
});
