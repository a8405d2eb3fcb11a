/**
 * Correcting a spoke application's named people in a real browser: the practice manager changes
 * the practice-based administrator from the application page ("Change" on the summary list); a
 * bad address is refused beside its field and changes nothing; the new person is emailed; a
 * practice manager of another practice gets 404 for the form, as the API answers.
 */
import type { Browser, Page } from 'playwright-core';
import { createUser } from '../support/region';
import { launchBrowser, openPage } from '../support/browser';
import { startTestSystem, type TestSystem } from '../support/system';
import { createWorld, type World } from '../e2e/fixtures/world';
import { signInByEmail } from './pages/sign-in';
import { PersonPage, SpokeApplicationPage } from './pages/spoke';

jest.setTimeout(300_000);

const PRACTICE_MANAGER = 'practice_manager@example.nhs.uk';

describe('the named people of a spoke application, changed on its page', () => {
  let system: TestSystem;
  let world: World;
  let browser: Browser;
  let id: string;

  beforeAll(async () => {
    system = await startTestSystem();
    world = await createWorld(system);
    const applied = await world.users.practice_manager.client.post('/api/spoke-applications', {
      practiceId: world.practice.id,
      hubId: world.hub.id,
      administrator: { name: 'Ann Admin', email: 'ann.admin@farnworth.nhs.uk' },
      educationalist: { name: 'Ed Educator', email: 'ed@farnworth.nhs.uk' },
    });
    expect(applied.status).toBe(201);
    id = applied.body.id;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  async function signedIn(email: string, path: string, name: string): Promise<Page> {
    const { page } = await openPage(browser, system.baseUrl);
    await signInByEmail(page, system.smtp, email, path, name);
    return page;
  }

  it('the practice manager replaces the administrator; a bad address is refused and nothing changes', async () => {
    const page = await signedIn(PRACTICE_MANAGER, `/spoke-applications/${id}`, 'spoke-people-0');
    const application = await new SpokeApplicationPage(page, world.practice.name).arrived('spoke-people-1-application');
    await application.loads(() => page.getByRole('link', { name: 'Change practice-based administrator' }).click());
    const form = await new PersonPage(page, 'Change the practice-based administrator').arrived('spoke-people-2-form');
    expect(await page.getByLabel('Full name').inputValue()).toBe('Ann Admin');

    await form.save('Amy Admin', 'not an address', 'Save the administrator');
    await form.errorSummary.waitFor();
    await form.arrived('spoke-people-3-refused');
    expect((await form.errorSummary.locator('li a').allTextContents()).map((t) => t.trim())).toEqual([
      'Enter their email address, like name@example.nhs.uk',
    ]);
    expect(await form.errorSummary.locator('li a').getAttribute('href')).toBe('#email');
    expect((await world.users.practice_manager.client.get(`/api/spoke-applications/${id}`)).body.administrator.name).toBe('Ann Admin');

    await form.save('Amy Admin', 'amy.admin@farnworth.nhs.uk', 'Save the administrator');
    await application.arrived('spoke-people-4-changed');
    expect((await application.banner.textContent())?.replace(/\s+/g, ' ')).toContain('Practice-based administrator changed');
    expect((await application.detail('Practice-based administrator').innerText()).split('\n')).toEqual([
      'Amy Admin',
      'amy.admin@farnworth.nhs.uk',
    ]);
    expect(await application.historyEntries()).toContain('Named person corrected');
    const stored = await world.users.practice_manager.client.get(`/api/spoke-applications/${id}`);
    expect(stored.body.administrator).toEqual({ name: 'Amy Admin', email: 'amy.admin@farnworth.nhs.uk' });
    expect(stored.body.status).toBe('AWAITING_EVIDENCE');
    await system.smtp.waitFor(
      1,
      (e) => e.envelopeTo.includes('amy.admin@farnworth.nhs.uk') && e.text.includes('now names you as the practice-based administrator'),
    );
  });

  it('another practice’s manager cannot open the form, as the API refuses them', async () => {
    const outsider = await createUser(system, {
      name: 'Pia Other',
      email: 'pia@heaton-moor.nhs.uk',
      role: 'practice_manager',
      practiceId: world.otherPractice.id,
    });
    const page = await signedIn(outsider.email, '/', 'spoke-people-outsider');
    expect((await page.goto(`/spoke-applications/${id}/people/administrator`))?.status()).toBe(404);
    const api = await outsider.api.post(`/api/spoke-applications/${id}/people`, { role: 'administrator', name: 'M', email: 'm@x.nhs.uk' });
    expect(api.status).toBe(404);
  });
});
