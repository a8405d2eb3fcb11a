import { oidcProvidersFrom } from '../../config/oidc-providers';
import { freePort } from '../../system/ports';
import { loginAtProvider, startTestIdentityProvider, type TestIdentityProvider } from '../support/oidc-provider';
import { startTestSystem, type TestSystem } from '../support/system';
import { heading, inputValue, WebClient } from '../support/web-client';

/**
 * The whole authorization code flow over HTTP against a real OpenID Connect provider running in
 * this process: what a browser does, step by step, including what an attacker would try.
 */
describe('single sign-on: only invited people, bound to their provider account, with sessions that end', () => {
  let system: TestSystem;
  let idp: TestIdentityProvider;
  let now: Date;
  const staff = { id: '', email: 'priya.shah@example.nhs.uk' };

  beforeAll(async () => {
    now = new Date('2027-03-01T09:00:00Z');
    const [appPort, idpPort] = [await freePort(), await freePort()];
    const appUrl = `http://127.0.0.1:${appPort}`;
    idp = await startTestIdentityProvider({ port: idpPort, redirectUris: [`${appUrl}/sign-in/oidc/nhsmail/callback`] });
    const oidcProviders = oidcProvidersFrom({
      OIDC_PROVIDERS: 'nhsmail',
      OIDC_NHSMAIL_LABEL: 'NHSmail',
      OIDC_NHSMAIL_ISSUER: idp.issuer,
      OIDC_NHSMAIL_CLIENT_ID: idp.clientId,
      OIDC_NHSMAIL_CLIENT_SECRET: idp.clientSecret,
    });
    system = await startTestSystem(
      { port: appPort, oidcProviders, supportContact: 'the Trainflow team (trainflow@example.nhs.uk)' },
      { now: () => now },
    );
    const created = await system.admin.post('/api/users', { name: 'Priya Shah', email: 'Priya.Shah@example.nhs.uk', role: 'hee_staff' });
    expect(created.status).toBe(201);
    staff.id = created.body.id;
    idp.accounts.set('sub-priya', { email: staff.email, email_verified: true, name: 'Priya Shah' });
  });

  afterAll(async () => {
    await system?.stop();
    await idp?.close();
  });

  /** Starts at a page, is sent to sign in, picks the provider, logs in there: answers the callback URL, unfollowed. */
  async function throughProvider(browser: WebClient, login: string, page = '/'): Promise<string> {
    const asked = await browser.get(page);
    const signInPage = await browser.follow(asked);
    const button = /href="(\/sign-in\/oidc\/nhsmail[^"]*)"/.exec(signInPage.text)?.[1]?.replace(/&amp;/g, '&');
    expect(button).toBeDefined();
    const toProvider = await browser.get(button!);
    expect(toProvider.status).toBe(303);
    const authorize = new URL(toProvider.location!);
    expect(authorize.origin).toBe(idp.issuer);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('state')).toMatch(/.{20,}/);
    expect(authorize.searchParams.get('nonce')).toMatch(/.{20,}/);
    return loginAtProvider(browser, toProvider, login, idp.issuer);
  }

  async function signedIn(browser: WebClient): Promise<boolean> {
    const home = await browser.get('/');
    return home.status === 200;
  }

  it('signs an invited person in, binding their provider account, landing where they were going', async () => {
    const browser = new WebClient(system.baseUrl);
    const callback = await throughProvider(browser, 'sub-priya', '/?from=email');
    expect(callback.startsWith(`${system.baseUrl}/sign-in/oidc/nhsmail/callback?`)).toBe(true);
    const back = await browser.get(callback);
    expect(back.status).toBe(303);
    expect(back.location).toBe(`${system.baseUrl}/?from=email`);
    const home = await browser.get(back.location!);
    expect(home.status).toBe(200);
    expect(home.text).toContain('Priya Shah');

    const identity = await system.db.prisma.userIdentity.findMany({ where: { userId: staff.id } });
    expect(identity).toEqual([expect.objectContaining({ issuer: idp.issuer, subject: 'sub-priya' })]);
    const session = back.setCookies.find((c) => c.startsWith('trainflow_session='))!;
    expect(session).toMatch(/; HttpOnly/);
    expect(session).toMatch(/; SameSite=Lax/);
    expect(session).toMatch(/; Path=\//);
    expect(session).not.toMatch(/; Secure/); // plain http here: see the https test below
    const audit = await system.db.prisma.auditEvent.findMany({ where: { subjectId: staff.id, action: 'session.signed_in' } });
    expect(audit.at(-1)?.after).toEqual({ method: 'oidc:nhsmail', expiresAt: '2027-03-01T21:00:00.000Z' });
    const written = JSON.stringify(audit, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
    expect(written).not.toMatch(/code=|tfsl_|state|trainflow_session/);
  });

  it('gives a new session id at sign-in: a planted or earlier session id is worth nothing (session fixation)', async () => {
    const browser = new WebClient(system.baseUrl);
    const planted = 'P'.repeat(43);
    await browser.setCookie('trainflow_session', planted);
    await browser.get(await throughProvider(browser, 'sub-priya'));
    const first = await browser.cookie('trainflow_session');
    expect(first).toBeDefined();
    expect(first).not.toBe(planted);
    expect(await signedIn(browser)).toBe(true);

    // Signing in again (as anyone) ends the session the browser had.
    await browser.get(await loginAtProvider(browser, await browser.get('/sign-in/oidc/nhsmail'), 'sub-priya', idp.issuer));
    const second = await browser.cookie('trainflow_session');
    expect(second).not.toBe(first);
    const stale = new WebClient(system.baseUrl);
    await stale.setCookie('trainflow_session', first!);
    expect(await signedIn(stale)).toBe(false);
  });

  it('refuses a callback whose state is not the one it sent, and signs nobody in', async () => {
    const browser = new WebClient(system.baseUrl);
    const callback = new URL(await throughProvider(browser, 'sub-priya'));
    callback.searchParams.set('state', 'forged-state-value-0123456789');
    const back = await browser.get(callback.href);
    expect(back.status).toBe(400);
    expect(heading(back.text)).toBe('Sign-in did not work');
    expect(await signedIn(browser)).toBe(false);
    const failure = await system.db.prisma.auditEvent.findFirst({ where: { action: 'sign_in.failed' }, orderBy: { id: 'desc' } });
    expect(failure?.after).toMatchObject({ method: 'oidc:nhsmail', reason: 'invalid_response' });
  });

  it('accepts a callback once, and only in the browser that started the sign-in', async () => {
    const browser = new WebClient(system.baseUrl);
    const callback = await throughProvider(browser, 'sub-priya');
    // Carried to another browser (a link sent to a victim, a login CSRF): nothing under way there.
    const elsewhere = new WebClient(system.baseUrl);
    expect((await elsewhere.get(callback)).status).toBe(400);
    expect(await signedIn(elsewhere)).toBe(false);
    // The browser that started it signs in, once.
    expect((await browser.get(callback)).status).toBe(303);
    const sessions = await system.db.prisma.session.count({ where: { userId: staff.id } });
    expect((await browser.get(callback)).status).toBe(400);
    expect(await system.db.prisma.session.count({ where: { userId: staff.id } })).toBe(sessions);
  });

  it('refuses a replayed authorization code, even with a fresh state', async () => {
    const browser = new WebClient(system.baseUrl);
    const first = new URL(await throughProvider(browser, 'sub-priya'));
    expect((await browser.get(first.href)).status).toBe(303); // the code is used here
    await browser.post('/sign-out', { _csrf: inputValue((await browser.get('/')).text, '_csrf')! });

    // A new sign-in in the same browser, its state, and the old code.
    const fresh = await browser.get('/sign-in/oidc/nhsmail');
    const state = new URL(fresh.location!).searchParams.get('state')!;
    const replay = new URL(first.href);
    replay.searchParams.set('state', state);
    const back = await browser.get(replay.href);
    expect(back.status).toBe(400);
    expect(await signedIn(browser)).toBe(false);
  });

  it('tells someone who was not invited whom to ask, and creates nobody', async () => {
    idp.accounts.set('sub-stranger', { email: 'stranger@example.nhs.uk', email_verified: true });
    const usersBefore = await system.db.prisma.user.count();
    const browser = new WebClient(system.baseUrl);
    const back = await browser.get(await throughProvider(browser, 'sub-stranger'));
    expect(back.status).toBe(403);
    expect(heading(back.text)).toBe('You cannot sign in yet');
    expect(back.text).toContain('stranger@example.nhs.uk');
    expect(back.text).toContain('ask the Trainflow team (trainflow@example.nhs.uk) to invite you');
    expect(await system.db.prisma.user.count()).toBe(usersBefore);
    expect(await system.db.prisma.userIdentity.count({ where: { subject: 'sub-stranger' } })).toBe(0);
    const failure = await system.db.prisma.auditEvent.findFirst({ where: { action: 'sign_in.failed' }, orderBy: { id: 'desc' } });
    expect(failure?.after).toEqual({ method: 'oidc:nhsmail', reason: 'unknown_person', email: 'stranger@example.nhs.uk' });
  });

  it('refuses an email the provider does not say is verified', async () => {
    const created = await system.admin.post('/api/users', { name: 'Uma Verified', email: 'uma@example.nhs.uk', role: 'hee_staff' });
    idp.accounts.set('sub-uma', { email: 'uma@example.nhs.uk', email_verified: false });
    const browser = new WebClient(system.baseUrl);
    const back = await browser.get(await throughProvider(browser, 'sub-uma'));
    expect(back.status).toBe(403);
    expect(back.text).toContain('did not tell us a verified email address');
    expect(await system.db.prisma.userIdentity.count({ where: { userId: created.body.id } })).toBe(0);
  });

  it('keeps recognising a bound account whose email changed, and lets no other account take the address over', async () => {
    // Priya is bound to sub-priya (first test). Her address changes at the provider.
    idp.accounts.set('sub-priya', { email: 'priya.shah.new@example.nhs.uk', email_verified: true });
    const browser = new WebClient(system.baseUrl);
    expect((await browser.get(await throughProvider(browser, 'sub-priya'))).status).toBe(303);
    expect((await browser.get('/')).text).toContain('Priya Shah');

    // Another account at the provider now claims her old address: it is not her.
    idp.accounts.set('sub-impostor', { email: staff.email, email_verified: true });
    const impostor = new WebClient(system.baseUrl);
    const back = await impostor.get(await throughProvider(impostor, 'sub-impostor'));
    expect(back.status).toBe(403);
    expect(back.text).toContain('already signs in with a different NHSmail account');
    expect(await signedIn(impostor)).toBe(false);
    idp.accounts.set('sub-priya', { email: staff.email, email_verified: true });
  });

  it('ends a session after 30 minutes unused, and after 12 hours whatever, sending the person to sign in again', async () => {
    const browser = new WebClient(system.baseUrl);
    await browser.get(await throughProvider(browser, 'sub-priya'));
    now = new Date(now.getTime() + 29 * 60_000);
    expect(await signedIn(browser)).toBe(true);
    now = new Date(now.getTime() + 30 * 60_000);
    const expired = await browser.get('/?after=idle');
    expect(expired.status).toBe(303);
    expect(expired.location).toBe(`${system.baseUrl}/sign-in?returnTo=%2F%3Fafter%3Didle&ended=1`);
    expect((await browser.follow(expired)).text).toContain('Your session has ended');
    const ended = await system.db.prisma.auditEvent.findFirst({
      where: { action: 'session.expired', subjectId: staff.id },
      orderBy: { id: 'desc' },
    });
    expect(ended?.after).toEqual({ reason: 'idle_timeout' });

    // Used every 20 minutes, it still ends 12 hours after sign-in.
    await browser.get(await loginAtProvider(browser, await browser.get('/sign-in/oidc/nhsmail'), 'sub-priya', idp.issuer));
    for (let minutes = 20; minutes < 12 * 60; minutes += 20) {
      now = new Date(now.getTime() + 20 * 60_000);
      expect(await signedIn(browser)).toBe(true);
    }
    now = new Date(now.getTime() + 20 * 60_000);
    expect(await signedIn(browser)).toBe(false);
    const last = await system.db.prisma.auditEvent.findFirst({
      where: { action: 'session.expired', subjectId: staff.id },
      orderBy: { id: 'desc' },
    });
    expect(last?.after).toEqual({ reason: 'lifetime_ended' });
  });

  it('refuses a form posted without the session’s CSRF token, or with a wrong one, changing nothing', async () => {
    const browser = new WebClient(system.baseUrl);
    await browser.get(await throughProvider(browser, 'sub-priya'));
    const token = inputValue((await browser.get('/')).text, '_csrf')!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const missing = await browser.post('/sign-out', {});
    expect(missing.status).toBe(403);
    expect(heading(missing.text)).toBe('This form has expired');
    const wrong = await browser.post('/sign-out', { _csrf: token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A') });
    expect(wrong.status).toBe(403);
    expect((await browser.post('/sign-out/everywhere', { _csrf: 'x' })).status).toBe(403);
    expect(await signedIn(browser)).toBe(true);

    const signedOut = await browser.post('/sign-out', { _csrf: token });
    expect(signedOut.status).toBe(303);
    expect(signedOut.location).toBe(`${system.baseUrl}/sign-in?signedOut=here`);
    expect(await signedIn(browser)).toBe(false);
  });

  it('signs out everywhere: every browser the person is signed in on', async () => {
    const [laptop, phone] = [new WebClient(system.baseUrl), new WebClient(system.baseUrl)];
    await laptop.get(await throughProvider(laptop, 'sub-priya'));
    await phone.get(await throughProvider(phone, 'sub-priya'));
    expect(await signedIn(phone)).toBe(true);
    const out = await laptop.post('/sign-out/everywhere', { _csrf: inputValue((await laptop.get('/')).text, '_csrf')! });
    expect(out.status).toBe(303);
    expect(await signedIn(laptop)).toBe(false);
    expect(await signedIn(phone)).toBe(false);
    const audit = await system.db.prisma.auditEvent.findFirst({ where: { action: 'session.ended_everywhere' }, orderBy: { id: 'desc' } });
    expect(audit?.after).toMatchObject({ reason: 'signed_out_everywhere' });
  });

  it('ends the session of a user deactivated mid-session at once, and lets them sign in no more', async () => {
    const created = await system.admin.post('/api/users', { name: 'Dan Leaver', email: 'dan.leaver@example.nhs.uk', role: 'hee_staff' });
    idp.accounts.set('sub-dan', { email: 'dan.leaver@example.nhs.uk', email_verified: true });
    const browser = new WebClient(system.baseUrl);
    await browser.get(await throughProvider(browser, 'sub-dan'));
    expect(await signedIn(browser)).toBe(true);

    expect((await system.admin.post(`/api/users/${created.body.id}/deactivation`)).status).toBe(200);
    expect(await signedIn(browser)).toBe(false);
    const again = await browser.get(await throughProvider(browser, 'sub-dan'));
    expect(again.status).toBe(403);
    expect(again.text).toContain('account has been closed');
  });
});
