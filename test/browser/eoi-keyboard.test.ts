/**
 * Starting and sending an expression of interest with the keyboard only, in a real browser: Tab
 * and Shift+Tab to move, typing to fill, Space to tick and choose, arrow keys within a group of
 * radios, Enter to continue and send. No clicks, no fills. Focus goes where the NHS service
 * manual says: the skip link first, the error summary after a refused page, and the field an
 * error summary link names.
 */
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage } from '../support/browser';
import { createRegion, type Region } from '../support/region';
import { startTestSystem, type TestSystem } from '../support/system';
import {
  CheckAnswersPage,
  ContactQuestionPage,
  DeclarationsQuestionPage,
  EoiPage,
  IntakeQuestionPage,
  PlacesQuestionPage,
  UniversityQuestionPage,
} from './pages/eois';
import { signInByEmail } from './pages/sign-in';

// A journey of some ten pages on a shared 2-core machine: every step waits on an event.
jest.setTimeout(300_000);

/** What has the keyboard focus: its tag, type, id, checked state and accessible text. */
interface Focused {
  tag: string;
  type: string;
  id: string;
  checked: boolean;
  text: string;
  value: string;
  classes: string;
}

// Run in the page, as a string: this project's TypeScript has no DOM types.
const FOCUSED = `(() => {
  const el = document.activeElement;
  if (!el) return { tag: '', type: '', id: '', checked: false, text: '', value: '', classes: '' };
  const label = el.id ? document.querySelector('label[for="' + CSS.escape(el.id) + '"]') : null;
  return {
    tag: el.tagName.toLowerCase(),
    type: el.type || '',
    id: el.id,
    checked: !!el.checked,
    text: ((label ? label.textContent : el.textContent) || '').trim().replace(/\\s+/g, ' '),
    value: el.value || '',
    classes: el.className || '',
  };
})()`;

function focused(page: Page): Promise<Focused> {
  return page.evaluate<Focused>(FOCUSED);
}

/** Presses Tab (or Shift+Tab) until the focused element matches; fails if it never does. */
async function tabTo(page: Page, wanted: (f: Focused) => boolean, options: { back?: boolean } = {}): Promise<Focused> {
  for (let presses = 0; presses < 40; presses++) {
    await page.keyboard.press(options.back ? 'Shift+Tab' : 'Tab');
    const now = await focused(page);
    if (wanted(now)) return now;
  }
  throw new Error(`Tabbing never reached the element wanted on ${page.url()}`);
}

const button = (text: string) => (f: Focused) => f.tag === 'button' && f.text === text;
const field = (id: string) => (f: Focused) => f.id === id;

/** Moves through a group of radios with the arrow keys to the one labelled `label`, and chooses it. */
async function chooseRadio(page: Page, label: RegExp | string): Promise<void> {
  await tabTo(page, (f) => f.type === 'radio');
  await pickInGroup(page, label);
}

async function pickInGroup(page: Page, label: RegExp | string): Promise<void> {
  const matches = (f: Focused) => (typeof label === 'string' ? f.text === label : label.test(f.text));
  for (let presses = 0; presses < 20; presses++) {
    const now = await focused(page);
    if (now.type !== 'radio') throw new Error(`Left the radios looking for "${String(label)}"`);
    if (matches(now)) {
      if (!now.checked) await page.keyboard.press('Space');
      expect((await focused(page)).checked).toBe(true);
      return;
    }
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`No radio labelled "${String(label)}"`);
}

/** Presses Enter on what has focus and waits for the page it loads. */
async function enterAndLoad(page: Page): Promise<void> {
  const loaded = page.waitForEvent('load');
  await page.keyboard.press('Enter');
  await loaded;
}

describe('an expression of interest sent with the keyboard only', () => {
  let system: TestSystem;
  let region: Region;
  let browser: Browser;

  beforeAll(async () => {
    system = await startTestSystem();
    region = await createRegion(system, { fundedPlaces: 10 });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  it('is started, refused once, corrected through the error summary and sent, with focus where the service manual puts it', async () => {
    const { page } = await openPage(browser, system.baseUrl);
    await signInByEmail(page, system.smtp, region.submitter.email, '/eois/new', 'keyboard-org');
    await new IntakeQuestionPage(page).arrived('keyboard-1-intake');

    // The first Tab reaches the skip link; following it puts focus on the main content.
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ tag: 'a', text: 'Skip to main content' });
    await page.keyboard.press('Enter');
    expect((await focused(page)).id).toBe('maincontent');

    await chooseRadio(page, /^MSc Advanced Practice, starting/);
    await tabTo(page, button('Continue'));
    await enterAndLoad(page);

    // Continuing without an answer: refused, and focus is on the error summary.
    const university = await new UniversityQuestionPage(page).arrived('keyboard-2-university');
    await tabTo(page, button('Continue'));
    await enterAndLoad(page);
    await university.arrived('keyboard-2-university-error');
    expect(await university.errors()).toEqual(['Select the university']);
    expect((await focused(page)).classes).toContain('nhsuk-error-summary');
    // Its link, followed with Enter, puts focus on the first choice of the question it names.
    const link = await tabTo(page, (f) => f.tag === 'a' && f.text === 'Select the university');
    expect(link.text).toBe('Select the university');
    await page.keyboard.press('Enter');
    const first = await focused(page);
    expect(first).toMatchObject({ tag: 'input', type: 'radio', id: 'universityId' });
    await pickInGroup(page, region.university.name);
    await tabTo(page, button('Continue'));
    await enterAndLoad(page);

    await new PlacesQuestionPage(page).arrived('keyboard-3-places');
    await chooseRadio(page, /./);
    const serviceType = (await focused(page)).text;
    await tabTo(page, field('pathway'));
    await page.keyboard.type('Mental health');
    await tabTo(page, field('placesRequested'));
    await page.keyboard.type('3');
    // Enter in a text field sends its form, as a person expects.
    await enterAndLoad(page);

    await new ContactQuestionPage(page).arrived('keyboard-4-contact');
    await tabTo(page, field('contact-name'));
    await page.keyboard.type('Kay Board');
    await tabTo(page, field('contact-email'));
    await page.keyboard.type('kay.board@northshire.nhs.uk');
    // Shift+Tab goes back to the name, as typed.
    expect(await tabTo(page, field('contact-name'), { back: true })).toMatchObject({ text: 'Full name' });
    expect((await focused(page)).value).toBe('Kay Board');
    await tabTo(page, button('Continue'));
    await enterAndLoad(page);

    await new DeclarationsQuestionPage(page).arrived('keyboard-5-declarations');
    for (let ticked = 0; ticked < 3; ticked++) {
      const box = await tabTo(page, (f) => f.type === 'checkbox');
      expect(box.checked).toBe(false);
      await page.keyboard.press('Space');
      expect((await focused(page)).checked).toBe(true);
    }
    await tabTo(page, button('Continue'));
    await enterAndLoad(page);

    const check = await new CheckAnswersPage(page).arrived('keyboard-6-check');
    expect((await check.answer('University').textContent())?.trim()).toBe(region.university.name);
    expect((await check.answer('Service type').textContent())?.trim()).toBe(serviceType);
    expect((await check.answer('Places asked for').textContent())?.trim()).toBe('3');
    await tabTo(page, button('Send expression of interest'));
    await enterAndLoad(page);

    const sent = await new EoiPage(page).arrived('keyboard-7-sent');
    expect(await sent.banner.textContent()).toContain('Expression of interest sent');
    const id = /\/eois\/(eoi_[^/?#]+)/.exec(page.url())?.[1];
    expect(id).toBeDefined();

    // The expression of interest exists, as typed, for the API too.
    const api = await region.submitter.api.get(`/api/eois/${id}`);
    expect(api.status).toBe(200);
    expect(api.body).toMatchObject({
      id,
      intakeId: region.intake.id,
      universityId: region.university.id,
      pathway: 'Mental health',
      placesRequested: 3,
      contact: { name: 'Kay Board', email: 'kay.board@northshire.nhs.uk' },
    });
  });
});
