import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { freePort } from '../../system/ports';
import type { WebClient, WebResponse } from './web-client';

type OidcProvider = typeof import('oidc-provider', { with: { 'resolution-mode': 'import' } });

/** A person with an account at the test provider: the claims it asserts about them. */
export interface TestAccount {
  email?: string;
  email_verified?: boolean;
  name?: string;
}

/**
 * A real OpenID Connect provider (oidc-provider) in this process, on a free port, with its own
 * login and consent pages (any password is accepted; the login names the account). Accounts can
 * be added or changed while it runs (an email that changes at the provider).
 */
export interface TestIdentityProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  accounts: Map<string, TestAccount>;
  close(): Promise<void>;
}

export async function startTestIdentityProvider(options: {
  port?: number;
  redirectUris: string[];
  clientId?: string;
  clientSecret?: string;
}): Promise<TestIdentityProvider> {
  // Its notices (development keys, in-memory storage, Node 22 preferred) are what a test provider is.
  const quiet = silenceConsole();
  const { default: Provider } = (await import('oidc-provider')) as OidcProvider;
  const port = options.port ?? (await freePort());
  const issuer = `http://127.0.0.1:${port}`;
  const clientId = options.clientId ?? 'trainflow';
  const clientSecret = options.clientSecret ?? 'trainflow-test-client-secret-0123456789';
  const accounts = new Map<string, TestAccount>();
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: options.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    cookies: { keys: ['test-provider-cookie-key-0123456789'] },
    features: { devInteractions: { enabled: true } },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, AuthorizationCode: 60, IdToken: 600 },
    async findAccount(_ctx, sub) {
      if (!accounts.has(sub)) return undefined;
      return { accountId: sub, claims: async () => ({ sub, ...accounts.get(sub) }) };
    },
  });
  quiet.restore();
  const server = http.createServer(provider.callback());
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  if ((server.address() as AddressInfo).port !== port) throw new Error('provider port moved');
  return {
    issuer,
    clientId,
    clientSecret,
    accounts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function silenceConsole() {
  const { warn, info } = console;
  console.warn = () => undefined;
  console.info = () => undefined;
  return {
    restore() {
      console.warn = warn;
      console.info = info;
    },
  };
}

/**
 * Goes through the provider's pages as the person would: from Trainflow's redirect to the
 * provider, log in as `login`, give consent, and stop at the provider's redirect back to
 * Trainflow, which is returned unfollowed (so a test can replay or tamper with it).
 */
export async function loginAtProvider(browser: WebClient, redirectToProvider: WebResponse, login: string, issuer: string): Promise<string> {
  let response = redirectToProvider;
  for (let step = 0; step < 12; step++) {
    const location = response.location;
    if (location && !location.startsWith(issuer)) return location; // back to Trainflow
    if (location) {
      response = await browser.get(location);
      continue;
    }
    const action = /<form[^>]*action="([^"]+)"/.exec(response.text)?.[1];
    if (!action || response.status !== 200)
      throw new Error(`Unexpected provider page (${response.status}): ${response.text.slice(0, 300)}`);
    const form: Record<string, string> = response.text.includes('name="login"')
      ? { prompt: 'login', login, password: 'any password' }
      : { prompt: 'consent' };
    response = await browser.post(new URL(action, response.url).href, form);
  }
  throw new Error('The provider never sent the browser back');
}
