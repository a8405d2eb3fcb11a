import { oidcProvidersFrom } from '../../config/oidc-providers';
import { freePort } from '../../system/ports';
import { startTestIdentityProvider, type TestIdentityProvider } from '../support/oidc-provider';
import { startTestSystem, type TestSystem } from '../support/system';
import { heading, inputValue, WebClient } from '../support/web-client';

/**
 * A deployment on https: cookies are Secure and __Host- prefixed (the browser then refuses them
 * from anywhere but this origin, for the whole site). And a provider that is down gets a page
 * that says so, not a 5xx crash.
 */
describe('sign-in cookies on https, and a provider that does not answer', () => {
  let system: TestSystem;
  let idp: TestIdentityProvider;
  const publicUrl = 'https://trainflow.example.nhs.uk';

  beforeAll(async () => {
    idp = await startTestIdentityProvider({ redirectUris: [`${publicUrl}/sign-in/oidc/nhsmail/callback`] });
    const closedPort = await freePort();
    const oidcProviders = oidcProvidersFrom({
      OIDC_PROVIDERS: 'nhsmail,down',
      OIDC_NHSMAIL_ISSUER: idp.issuer,
      OIDC_NHSMAIL_CLIENT_ID: idp.clientId,
      OIDC_NHSMAIL_CLIENT_SECRET: idp.clientSecret,
      OIDC_DOWN_LABEL: 'University login',
      OIDC_DOWN_ISSUER: `http://127.0.0.1:${closedPort}`,
      OIDC_DOWN_CLIENT_ID: 'c',
      OIDC_DOWN_CLIENT_SECRET: 's',
    });
    system = await startTestSystem({ publicUrl, oidcProviders });
    await system.admin.post('/api/users', { name: 'Sec Ure', email: 'sec.ure@example.nhs.uk', role: 'hee_staff' });
  });

  afterAll(async () => {
    await system?.stop();
    await idp?.close();
  });

  const attributes = (header: string) => header.split(';').map((part) => part.trim().toLowerCase());

  it('sets the sign-in cookie Secure, HttpOnly, SameSite=Lax, host-only, with the __Host- prefix', async () => {
    const toProvider = await new WebClient(system.baseUrl).get('/sign-in/oidc/nhsmail');
    expect(toProvider.status).toBe(303);
    const cookie = toProvider.setCookies.find((c) => c.startsWith('__Host-trainflow_sign_in='));
    expect(cookie).toBeDefined();
    expect(attributes(cookie!)).toEqual(expect.arrayContaining(['path=/', 'httponly', 'secure', 'samesite=lax']));
    expect(cookie).not.toMatch(/domain=/i);
    expect(new URL(toProvider.location!).searchParams.get('redirect_uri')).toBe(`${publicUrl}/sign-in/oidc/nhsmail/callback`);
  });

  it('sets the session cookie the same way, and reads it back', async () => {
    const browser = new WebClient(system.baseUrl);
    const before = system.smtp.received.length;
    await browser.post('/sign-in/email', { email: 'sec.ure@example.nhs.uk' });
    const [message] = (await system.smtp.waitFor(before + 1)).slice(before);
    const link = new URL(/https:\/\/\S+\/sign-in\/email\/\S+/.exec(message!.text)![0]);
    expect(link.origin).toBe(publicUrl); // links name PUBLIC_URL, never the Host header
    const opened = await browser.get(link.pathname);
    const confirmed = await browser.post('/sign-in/email/confirm', { token: inputValue(opened.text, 'token')! });
    expect(confirmed.status).toBe(303);
    const cookie = confirmed.setCookies.find((c) => c.startsWith('__Host-trainflow_session='))!;
    expect(attributes(cookie)).toEqual(expect.arrayContaining(['path=/', 'httponly', 'secure', 'samesite=lax']));
    expect(cookie).not.toMatch(/domain=|expires=|max-age=/i); // ends with the browser, at the latest
    // The test client speaks plain http to the local port: send the cookie as a browser on https would.
    const value = /^__Host-trainflow_session=([^;]+)/.exec(cookie)![1]!;
    const home = await fetch(`${system.baseUrl}/`, { headers: { cookie: `__Host-trainflow_session=${value}` }, redirect: 'manual' });
    expect(home.status).toBe(200);
    // Without the prefix it is another cookie, and not ours.
    const plain = await fetch(`${system.baseUrl}/`, { headers: { cookie: `trainflow_session=${value}` }, redirect: 'manual' });
    expect(plain.status).toBe(303);
  });

  it('says so when a provider cannot be reached, with a 503 page and a way back', async () => {
    const browser = new WebClient(system.baseUrl);
    const page = await browser.get('/sign-in');
    expect(page.text).toContain('Sign in with University login');
    const down = await browser.get('/sign-in/oidc/down');
    expect(down.status).toBe(503);
    expect(heading(down.text)).toBe('Sorry, the service is unavailable');
    expect(down.text).toContain('We cannot reach University login');
    expect((await browser.get('/sign-in/oidc/nobody')).status).toBe(404);
  });
});
