/**
 * The intakes pages in a real browser: regional staff see every intake's places, open one, and
 * set its funded places with the service behind PUT /api/intakes/:id/funded-places; fewer than
 * are allocated is refused in the API's words. An organisation cannot see them, as in the API.
 */
import type { Browser, Page } from 'playwright-core';
import { expectAccessible } from '../support/accessibility';
import { launchBrowser, openPage, screenshot } from '../support/browser';
import { createRegion, eoiBody, type Region } from '../support/region';
import { startTestSystem, type TestSystem } from '../support/system';
import { addCalendarDays, startOfLondonDay } from '../../domain/london-calendar';
import { signInByEmail } from './pages/sign-in';

jest.setTimeout(300_000);

/** A calendar date as the pages write it: "30 April 2027". */
const formatDate = (date: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(date));

describe('intakes pages', () => {
  let system: TestSystem;
  let region: Region;
  let browser: Browser;

  beforeAll(async () => {
    // The pages' clock follows the workflows', except where a test sets the day (setToday).
    system = await startTestSystem();
    region = await createRegion(system, { fundedPlaces: 10 });
    browser = await launchBrowser();
    // Two places allocated, through the API.
    const eoi = await region.submitter.api.post('/api/eois', eoiBody(region));
    expect(eoi.status).toBe(201);
    expect((await region.reviewer.api.post(`/api/eois/${eoi.body.id}/review`, { decision: 'support', comment: 'Good' })).status).toBe(200);
    const decision = await region.staff.api.post(`/api/eois/${eoi.body.id}/funding-decision`, {
      decision: 'fund',
      places: 2,
      comment: 'Two places.',
    });
    expect(decision.status).toBe(200);
  });

  afterEach(() => {
    system.setToday(undefined);
  });

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  async function person(email: string, path: string, name: string): Promise<Page> {
    const { page } = await openPage(browser, system.baseUrl);
    await signInByEmail(page, system.smtp, email, path, name);
    return page;
  }

  async function arrived(page: Page, heading: RegExp | string, name: string): Promise<void> {
    const text = (await page.locator('main h1').textContent())?.trim() ?? '';
    if (typeof heading === 'string' ? text !== heading : !heading.test(text))
      throw new Error(`Expected "${String(heading)}", got "${text}"`);
    await expectAccessible(page);
    await screenshot(page, name);
  }

  const figure = (page: Page, key: string) =>
    page
      .locator('.nhsuk-summary-list__row', { has: page.locator('dt', { hasText: key }) })
      .locator('dd')
      .first()
      .textContent();

  it('regional staff see the places and set the funded places; fewer than allocated is refused as the API refuses it', async () => {
    const staff = await person(region.staff.email, '/', 'intakes-staff');
    await staff.getByRole('link', { name: 'All intakes, their waiting lists and funded places' }).click();
    await staff.waitForURL((url) => url.pathname === '/intakes');
    await arrived(staff, 'Intakes', 'intakes-list');
    const row = staff.locator('#intakes-table tbody tr').first();
    const cells = (await row.locator('td').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
    expect(cells[0]).toContain('MSc Advanced Practice');
    expect(cells[1]).toContain(region.university.name);
    expect(cells.slice(4)).toEqual(['Funded places 10', 'Allocated 2', 'Free 8', 'Waiting 0']);

    await row.getByRole('link').click();
    await staff.waitForURL((url) => url.pathname === `/intakes/${region.intake.id}`);
    await arrived(staff, /^MSc Advanced Practice, starting/, 'intakes-intake');
    expect((await figure(staff, 'Allocated'))?.trim()).toBe('2');

    await staff.getByLabel('Funded places').fill('1');
    await staff.getByRole('button', { name: 'Save funded places' }).click();
    await staff.locator('.nhsuk-error-summary').waitFor();
    await arrived(staff, /^MSc Advanced Practice, starting/, 'intakes-intake-refused');
    const api = await region.staff.api.put(`/api/intakes/${region.intake.id}/funded-places`, { fundedPlaces: 1 });
    expect(api.status).toBe(409);
    // The API's message, as the pages show every message: with a capital letter.
    const links = staff.locator('.nhsuk-error-summary li a');
    expect((await links.allTextContents()).map((t) => t.trim())).toEqual([api.body.detail[0].toUpperCase() + api.body.detail.slice(1)]);
    expect(await links.first().getAttribute('href')).toBe('#fundedPlaces');

    await staff.getByLabel('Funded places').fill('12');
    await staff.getByRole('button', { name: 'Save funded places' }).click();
    await staff.locator('.nhsuk-notification-banner--success').waitFor();
    await arrived(staff, /^MSc Advanced Practice, starting/, 'intakes-intake-changed');
    expect((await figure(staff, 'Funded places'))?.trim()).toBe('12');
    const capacity = await region.staff.api.get(`/api/intakes/${region.intake.id}/capacity`);
    expect(capacity.body).toMatchObject({ fundedPlaces: 12, allocated: 2, remaining: 10 });
  });

  it('lists intakes starting today or later 25 to a page, soonest first, and those started apart, latest first', async () => {
    // Every date from one anchor, the region intake's start, which the pages take as today.
    const anchor = region.intake.startsOn;
    const dateIn = (days: number) => addCalendarDays(anchor, days);
    const intake = (startsInDays: number) =>
      system.admin.post('/api/intakes', {
        programmeId: region.programme.id,
        startsOn: dateIn(startsInDays),
        fundedPlaces: 5,
        eoiOpensAt: startOfLondonDay(dateIn(startsInDays - 90)),
        eoiClosesAt: startOfLondonDay(dateIn(startsInDays - 60)),
        priorityServiceTypes: [],
      });
    // 25 more upcoming intakes after the region's, and two started ones.
    for (let i = 1; i <= 25; i += 1) expect((await intake(i)).status).toBe(201);
    for (const days of [-40, -10]) expect((await intake(days)).status).toBe(201);
    system.setToday(new Date(`${anchor}T12:00:00Z`));

    const staff = await person(region.staff.email, '/intakes', 'intakes-paged');
    await arrived(staff, 'Intakes', 'intakes-paged');
    const table = staff.locator('#intakes-table');
    expect((await table.locator('caption').textContent())?.trim()).toBe('Showing 1 to 25 of 26');
    const starts = async () =>
      (await table.locator('tbody tr td:nth-child(3)').allTextContents()).map((t) => t.replace('Starts', '').trim());
    const firstPage = await starts();
    expect(firstPage).toHaveLength(25);
    expect(firstPage[0]).toBe(formatDate(region.intake.startsOn));
    expect(firstPage[24]).toBe(formatDate(dateIn(24)));

    await staff.locator('.nhsuk-pagination').getByRole('link', { name: /Next/ }).click();
    await staff.waitForURL((url) => url.search === '?page=2');
    expect((await table.locator('caption').textContent())?.trim()).toBe('Showing 26 to 26 of 26');
    expect(await starts()).toEqual([formatDate(dateIn(25))]);

    await staff.getByRole('link', { name: 'See the intakes that have started' }).click();
    await staff.waitForURL((url) => url.search === '?starts=started');
    await arrived(staff, 'Intakes', 'intakes-started');
    expect(await starts()).toEqual([formatDate(dateIn(-10)), formatDate(dateIn(-40))]);
    expect(await staff.locator('.nhsuk-pagination').count()).toBe(0);
  });

  it('an organisation cannot see them, as the API refuses it', async () => {
    const org = await person(region.submitter.email, '/', 'intakes-org');
    expect((await org.goto('/intakes'))?.status()).toBe(403);
    expect((await org.goto(`/intakes/${region.intake.id}`))?.status()).toBe(403);
    expect((await region.submitter.api.get(`/api/intakes/${region.intake.id}/capacity`)).status).toBe(403);
  });
});
