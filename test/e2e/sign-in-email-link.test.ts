import { startTestSystem, type TestSystem } from '../support/system';
import { heading, inputValue, WebClient } from '../support/web-client';

/** The link in a sign-in email, made relative to the app. */
function linkIn(text: string): string {
  const match = /https?:\/\/[^\s]+\/sign-in\/email\/(tfsl_[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/.exec(text);
  if (!match) throw new Error(`No sign-in link in: ${text}`);
  return `/sign-in/email/${match[1]}`;
}

describe('sign-in by email link: single use, 15 minutes, hashed at rest, telling nobody who has an account', () => {
  let system: TestSystem;
  let now: Date;
  let userId: string;
  const email = 'ann.lee@example.nhs.uk';

  beforeAll(async () => {
    now = new Date('2027-03-01T09:00:00Z');
    system = await startTestSystem({}, { now: () => now });
    const created = await system.admin.post('/api/users', { name: 'Ann Lee', email, role: 'hee_staff' });
    expect(created.status).toBe(201);
    userId = created.body.id;
  });

  afterAll(async () => {
    await system?.stop();
  });

  async function askForLink(browser: WebClient, address: string, returnTo = '/'): Promise<string> {
    const before = system.smtp.received.length;
    const sent = await browser.post('/sign-in/email', { email: address, returnTo });
    expect(sent.status).toBe(303);
    expect(sent.location).toBe(`${system.baseUrl}/sign-in/check-your-email`);
    const [message] = (await system.smtp.waitFor(before + 1)).slice(before);
    expect(message!.to).toEqual([email]);
    return linkIn(message!.text);
  }

  it('sends a link that signs the person in, once, landing where they were going', async () => {
    const browser = new WebClient(system.baseUrl);
    const asked = await browser.get('/?welcome=1');
    expect(asked.status).toBe(303);
    expect(asked.location).toBe(`${system.baseUrl}/sign-in?returnTo=%2F%3Fwelcome%3D1`);
    const page = await browser.get(asked.location!);
    expect(page.status).toBe(200);
    expect(heading(page.text)).toBe('Sign in to Trainflow');
    expect(inputValue(page.text, 'returnTo')).toBe('/?welcome=1');

    const link = await askForLink(browser, '  Ann.Lee@Example.NHS.uk ', '/?welcome=1');
    const [, id, secret] = /tfsl_([^.]+)\.(.+)$/.exec(link)!;
    const row = await system.db.prisma.signInLink.findUniqueOrThrow({ where: { id } });
    expect(row.secretHash).not.toContain(secret!);
    expect(row.expiresAt.toISOString()).toBe('2027-03-01T09:15:00.000Z');

    // Opening the link does not use it (mail scanners open links); the button does.
    const opened = await browser.get(link);
    expect(opened.status).toBe(200);
    expect(heading(opened.text)).toBe('Sign in to Trainflow');
    expect((await browser.get(link)).status).toBe(200);
    const confirmed = await browser.post('/sign-in/email/confirm', { token: inputValue(opened.text, 'token')! });
    expect(confirmed.status).toBe(303);
    expect(confirmed.location).toBe(`${system.baseUrl}/?welcome=1`);
    const home = await browser.get(confirmed.location!);
    expect(home.status).toBe(200);
    expect(home.text).toContain('Ann Lee');
    expect(home.text).toContain(email);
    // A session is for pages: the API takes bearer tokens only (so CSRF cannot reach it).
    const cookie = `trainflow_session=${await browser.cookie('trainflow_session')}`;
    expect((await fetch(`${system.baseUrl}/api/me`, { headers: { cookie } })).status).toBe(401);

    const again = await new WebClient(system.baseUrl).post('/sign-in/email/confirm', { token: inputValue(opened.text, 'token')! });
    expect(again.status).toBe(410);
    expect(again.text).toContain('already been used');
    const audit = await system.db.prisma.auditEvent.findMany({ where: { subjectId: userId, action: { startsWith: 'se' } } });
    expect(audit.map((a) => a.action)).toContain('session.signed_in');
  });

  it('refuses a link after 15 minutes', async () => {
    const browser = new WebClient(system.baseUrl);
    const link = await askForLink(browser, email);
    now = new Date(now.getTime() + 15 * 60_000);
    const opened = await browser.get(link);
    expect(opened.status).toBe(410);
    expect(opened.text).toContain('expired');
    const token = link.split('/').pop()!;
    expect((await browser.post('/sign-in/email/confirm', { token })).status).toBe(410);
    const failures = await system.db.prisma.auditEvent.findMany({ where: { action: 'sign_in.failed', subjectId: userId } });
    expect(failures.map((f) => f.after)).toContainEqual({ method: 'email_link', reason: 'expired' });
  });

  it('answers an unknown address exactly as a known one, and sends nothing', async () => {
    const browser = new WebClient(system.baseUrl);
    const before = system.smtp.received.length;
    const unknown = await browser.post('/sign-in/email', { email: 'nobody@example.nhs.uk', returnTo: '/' });
    expect(unknown.status).toBe(303);
    expect(unknown.location).toBe(`${system.baseUrl}/sign-in/check-your-email`);
    const page = await browser.follow(unknown);
    expect(heading(page.text)).toBe('Check your email');
    // A known address's email arrives after; the unknown one's never does.
    await askForLink(browser, email);
    expect(system.smtp.received.slice(before).map((m) => m.to)).toEqual([[email]]);
  });

  it('shows an error summary linking to the field for an address that is not one', async () => {
    const browser = new WebClient(system.baseUrl);
    const refused = await browser.post('/sign-in/email', { email: 'not an address', returnTo: '/' });
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('<title>Error: Sign in – Trainflow</title>');
    expect(refused.text).toMatch(/nhsuk-error-summary[\s\S]*href="#email"[\s\S]*Enter an email address in the correct format/);
    expect(refused.text).toMatch(/id="email-error"/);
    expect((await browser.post('/sign-in/email', { email: '', returnTo: '/' })).text).toContain('Enter your email address');
  });

  it('refuses a forged or truncated link without a 5xx', async () => {
    const browser = new WebClient(system.baseUrl);
    for (const token of ['tfsl_AAAAAAAAAAAAAAAA.' + 'B'.repeat(43), 'nonsense', 'x'.repeat(200)]) {
      expect((await browser.get(`/sign-in/email/${token}`)).status).toBe(400);
      expect((await browser.post('/sign-in/email/confirm', { token })).status).toBe(400);
    }
    expect((await browser.get(`/sign-in/email/${'x'.repeat(300)}`)).status).toBe(404);
  });

  it('sends no link to a deactivated user', async () => {
    const created = await system.admin.post('/api/users', { name: 'Left Soon', email: 'left.soon@example.nhs.uk', role: 'hee_staff' });
    await system.admin.post(`/api/users/${created.body.id}/deactivation`);
    const before = system.smtp.received.length;
    await new WebClient(system.baseUrl).post('/sign-in/email', { email: 'left.soon@example.nhs.uk' });
    await askForLink(new WebClient(system.baseUrl), email);
    expect(system.smtp.received.slice(before).map((m) => m.to)).toEqual([[email]]);
  });
});
