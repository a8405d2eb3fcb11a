import type { Browser } from 'playwright-core';
import { oidcProvidersFrom } from '../../config/oidc-providers';
import { freePort } from '../../system/ports';
import { launchBrowser, openPage, screenshot } from '../support/browser';
import { startTestIdentityProvider, type TestIdentityProvider } from '../support/oidc-provider';
import { startTestSystem, type TestSystem } from '../support/system';
import { HomePage } from './pages/home';
import { ProviderLoginPage } from './pages/identity-provider';
import { CheckYourEmailPage, ConfirmLinkPage, SignInPage, UnknownPersonPage } from './pages/sign-in';

/**
 * Signing in as a person does it, in Chromium: by a link caught in the test SMTP server, and
 * through the in-process OpenID Connect provider. Every page reached is scanned with axe and
 * kept as a screenshot (test-results/screenshots).
 */
// A browser journey with an axe scan per page takes a few seconds per page on a quiet machine,
// many more on a loaded one: each step waits on the page, never on a clock, within this budget.
jest.setTimeout(240_000);

describe('sign-in journeys in a real browser', () => {
  let system: TestSystem;
  let idp: TestIdentityProvider;
  let browser: Browser;

  beforeAll(async () => {
    const appPort = await freePort();
    idp = await startTestIdentityProvider({ redirectUris: [`http://127.0.0.1:${appPort}/sign-in/oidc/nhsmail/callback`] });
    const oidcProviders = oidcProvidersFrom({
      OIDC_PROVIDERS: 'nhsmail',
      OIDC_NHSMAIL_LABEL: 'NHSmail',
      OIDC_NHSMAIL_ISSUER: idp.issuer,
      OIDC_NHSMAIL_CLIENT_ID: idp.clientId,
      OIDC_NHSMAIL_CLIENT_SECRET: idp.clientSecret,
    });
    system = await startTestSystem({ port: appPort, oidcProviders });
    await system.admin.post('/api/users', { name: 'Jo Hart', email: 'jo.hart@example.nhs.uk', role: 'hee_staff' });
    await system.admin.post('/api/users', { name: 'Sam Cole', email: 'sam.cole@example.nhs.uk', role: 'hee_staff' });
    idp.accounts.set('sub-sam', { email: 'sam.cole@example.nhs.uk', email_verified: true });
    idp.accounts.set('sub-nobody', { email: 'not.invited@example.nhs.uk', email_verified: true });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
    await idp?.close();
  });

  it('shows an error summary that takes the person to the field', async () => {
    const { context, page } = await openPage(browser, system.baseUrl);
    await page.goto('/sign-in');
    const signIn = await new SignInPage(page).arrived('email-0-sign-in');
    await signIn.askForLink('not an email');
    await signIn.arrived('email-0-error-summary');
    expect(await page.title()).toBe('Error: Sign in – Trainflow');
    await page.locator('.nhsuk-error-summary a[href="#email"]').click();
    expect(await page.locator('#email').evaluate((element) => element === element.ownerDocument.activeElement)).toBe(true);
    await context.close();
  });

  it('signs in with a link from the email, and out again', async () => {
    const { context, page } = await openPage(browser, system.baseUrl);
    await page.goto('/?tab=work');
    const signIn = await new SignInPage(page).arrived('email-1-sign-in');
    expect(await signIn.providerButton('NHSmail').count()).toBe(1);

    const before = system.smtp.received.length;
    await signIn.askForLink('jo.hart@example.nhs.uk');
    await new CheckYourEmailPage(page).arrived('email-3-check-your-email');
    const [message] = (await system.smtp.waitFor(before + 1)).slice(before);
    const link = /http:\/\/\S+\/sign-in\/email\/\S+/.exec(message!.text)![0];

    await page.goto(link);
    await (await new ConfirmLinkPage(page).arrived('email-4-confirm-link')).continue();
    const home = await new HomePage(page).arrived('email-5-home');
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/?tab=work');
    expect(await home.detail('Name').textContent()).toContain('Jo Hart');
    expect(await home.account.textContent()).toContain('Jo Hart');
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'trainflow_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

    await home.signOut();
    const out = await new SignInPage(page).arrived('email-6-signed-out');
    expect(await out.notice.textContent()).toContain('You have signed out.');
    await page.goto('/');
    await new SignInPage(page).arrived('email-7-signed-out-home-asks-to-sign-in');
    await context.close();
  });

  it('signs in through the single-sign-on provider', async () => {
    const { context, page } = await openPage(browser, system.baseUrl);
    await page.goto('/');
    await (await new SignInPage(page).arrived('oidc-1-sign-in')).providerButton('NHSmail').click();
    await page.waitForURL((url) => url.origin === idp.issuer);
    await screenshot(page, 'oidc-2-provider-login');
    await new ProviderLoginPage(page).logInAs('sub-sam');
    const home = await new HomePage(page).arrived('oidc-3-home');
    expect(await home.detail('Email address').textContent()).toContain('sam.cole@example.nhs.uk');
    await home.signOutEverywhere();
    expect(await (await new SignInPage(page).arrived('oidc-4-signed-out-everywhere')).notice.textContent()).toContain('every device');
    await context.close();
  });

  it('tells a person who was not invited whom to ask', async () => {
    const { context, page } = await openPage(browser, system.baseUrl);
    await page.goto('/sign-in');
    await new SignInPage(page).providerButton('NHSmail').click();
    await page.waitForURL((url) => url.origin === idp.issuer);
    await new ProviderLoginPage(page).logInAs('sub-nobody');
    await new UnknownPersonPage(page).arrived('oidc-5-not-invited');
    expect(await page.locator('main').textContent()).toContain('not.invited@example.nhs.uk');
    await context.close();
  });
});
