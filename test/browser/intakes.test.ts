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
import { signInByEmail } from './pages/sign-in';

jest.setTimeout(300_000);

describe('intakes pages', () => {
  let system: TestSystem;
  let region: Region;
  let browser: Browser;

  beforeAll(async () => {
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

  it('an organisation cannot see them, as the API refuses it', async () => {
    const org = await person(region.submitter.email, '/', 'intakes-org');
    expect((await org.goto('/intakes'))?.status()).toBe(403);
    expect((await org.goto(`/intakes/${region.intake.id}`))?.status()).toBe(403);
    expect((await region.submitter.api.get(`/api/intakes/${region.intake.id}/capacity`)).status).toBe(403);
  });
});
