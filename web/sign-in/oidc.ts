/**
 * Sign-in through an organisation's OpenID Connect provider (Entra ID, NHS CIS2, a university's),
 * with openid-client: the authorization code flow with PKCE, `state` and `nonce`. The sign-in
 * under way is stored (OidcSignIn) under the hash of a cookie set on the browser that started it,
 * so a callback is accepted once, from that browser, within ten minutes.
 */
import { randomBytes } from 'node:crypto';
import { hashSecret } from '../../api/auth/tokens';
import type { OidcProviderConfig } from '../../config/oidc-providers';
import type { Logger } from '../../config/logger';
import { appendAudit } from '../../db/audit';
import type { PrismaClient } from '../../db/database';
import { matchIdentity, normaliseEmail, OIDC_SIGN_IN_LIFETIME_MS, type SignInRefusal } from '../../domain/sign-in';

type OpenIdClient = typeof import('openid-client', { with: { 'resolution-mode': 'import' } });
type Configuration = import('openid-client', { with: { 'resolution-mode': 'import' } }).Configuration;

// openid-client is an ES module: loaded once, on first use, from this CommonJS code base.
let loading: Promise<OpenIdClient> | undefined;
const openIdClient = () => (loading ??= import('openid-client'));

export type CallbackOutcome =
  | { ok: true; userId: string; returnTo: string; provider: OidcProviderConfig }
  | { ok: false; reason: SignInRefusal | 'no_sign_in_under_way' | 'provider_refused' | 'invalid_response'; email?: string };

export interface OidcProviders {
  list: readonly OidcProviderConfig[];
  find(name: string): OidcProviderConfig | undefined;
  /** Starts a sign-in: answers the provider's authorization URL and the cookie value that binds it to this browser. */
  start(provider: OidcProviderConfig, returnTo: string): Promise<{ authorizationUrl: string; cookieValue: string }>;
  /** Completes a sign-in from the provider's redirect (the full callback URL). */
  complete(provider: OidcProviderConfig, cookieValue: string | undefined, callbackUrl: URL, requestId?: string): Promise<CallbackOutcome>;
}

/** Thrown when the provider cannot be reached (discovery or the token endpoint): a 503 page, not a refusal. */
export class ProviderUnavailableError extends Error {
  constructor(provider: string, cause: unknown) {
    super(`The sign-in provider ${provider} could not be reached`, { cause });
    this.name = 'ProviderUnavailableError';
  }
}

/** Plain http is allowed only for a provider on this machine (tests, a local provider). */
function isLoopbackHttp(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  return protocol === 'http:' && (hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]');
}

const COOKIE_VALUE = /^[A-Za-z0-9_-]{43}$/;

/** fetch failed (refused, reset, DNS): the provider is away, which is not the person's fault. */
function unreachable(error: unknown): boolean {
  for (let e = error as { name?: string; message?: string; cause?: unknown } | undefined, depth = 0; e && depth < 5; depth++) {
    if (e.name === 'TypeError' && e.message === 'fetch failed') return true;
    e = e.cause as typeof e;
  }
  return false;
}

export function createOidcProviders(deps: {
  prisma: PrismaClient;
  providers: readonly OidcProviderConfig[];
  publicUrl: string;
  logger: Logger;
  now: () => Date;
}): OidcProviders {
  const { prisma } = deps;
  const configurations = new Map<string, Promise<Configuration>>();
  const redirectUri = (provider: OidcProviderConfig) => `${deps.publicUrl}/sign-in/oidc/${provider.name}/callback`;

  /** Discovery, once per provider; a failure is retried at the next sign-in. */
  function configurationOf(provider: OidcProviderConfig): Promise<Configuration> {
    let configuration = configurations.get(provider.name);
    if (!configuration) {
      configuration = (async () => {
        const client = await openIdClient();
        const auth = provider.tokenAuthMethod === 'client_secret_post' ? client.ClientSecretPost : client.ClientSecretBasic;
        return client.discovery(new URL(provider.issuer), provider.clientId, undefined, auth(provider.clientSecret), {
          execute: isLoopbackHttp(provider.issuer) ? [client.allowInsecureRequests] : [],
        });
      })();
      configurations.set(provider.name, configuration);
      configuration.catch(() => configurations.delete(provider.name));
    }
    return configuration.catch((error: unknown) => {
      throw new ProviderUnavailableError(provider.name, error);
    });
  }

  async function refuse(
    provider: OidcProviderConfig,
    reason: Extract<CallbackOutcome, { ok: false }>['reason'],
    details: { userId?: string; email?: string; detail?: string; requestId?: string },
  ): Promise<CallbackOutcome> {
    await appendAudit(prisma, {
      actor: { userId: 'anonymous', role: 'anonymous' },
      action: 'sign_in.failed',
      subjectType: 'user',
      subjectId: details.userId ?? 'unknown',
      after: {
        method: `oidc:${provider.name}`,
        reason,
        ...(details.email ? { email: details.email } : {}),
        ...(details.detail ? { detail: details.detail.slice(0, 200) } : {}),
      },
      requestId: details.requestId,
    });
    return { ok: false, reason, ...(details.email ? { email: details.email } : {}) };
  }

  return {
    list: deps.providers,
    find: (name) => deps.providers.find((provider) => provider.name === name),

    async start(provider, returnTo) {
      const configuration = await configurationOf(provider);
      const client = await openIdClient();
      const codeVerifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const nonce = client.randomNonce();
      const cookieValue = randomBytes(32).toString('base64url');
      await prisma.oidcSignIn.create({
        data: {
          id: hashSecret(cookieValue),
          provider: provider.name,
          state,
          nonce,
          codeVerifier,
          returnTo,
          expiresAt: new Date(deps.now().getTime() + OIDC_SIGN_IN_LIFETIME_MS),
        },
      });
      // Sign-ins abandoned at the provider are cleared as new ones start.
      await prisma.oidcSignIn.deleteMany({ where: { expiresAt: { lt: deps.now() } } });
      const url = client.buildAuthorizationUrl(configuration, {
        ...provider.authorizationParams,
        redirect_uri: redirectUri(provider),
        scope: provider.scopes,
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      return { authorizationUrl: url.href, cookieValue };
    },

    async complete(provider, cookieValue, callbackUrl, requestId) {
      // The sign-in this browser started, used once whatever happens next.
      const pending =
        cookieValue && COOKIE_VALUE.test(cookieValue)
          ? await prisma.oidcSignIn.findUnique({ where: { id: hashSecret(cookieValue) } })
          : null;
      const claimed = pending ? await prisma.oidcSignIn.deleteMany({ where: { id: pending.id } }) : { count: 0 };
      if (!pending || claimed.count !== 1 || pending.provider !== provider.name || pending.expiresAt <= deps.now()) {
        return refuse(provider, 'no_sign_in_under_way', { requestId });
      }
      const providerError = callbackUrl.searchParams.get('error');
      if (providerError) return refuse(provider, 'provider_refused', { detail: providerError, requestId });

      const configuration = await configurationOf(provider);
      const client = await openIdClient();
      let claims: Record<string, unknown>;
      try {
        const tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
          pkceCodeVerifier: pending.codeVerifier,
          expectedState: pending.state,
          expectedNonce: pending.nonce,
          idTokenExpected: true,
        });
        claims = { ...tokens.claims() };
        const sub = String(claims.sub);
        // The email may be only in UserInfo (CIS2 gives it there).
        if (claims[provider.emailClaim] === undefined && tokens.access_token && configuration.serverMetadata().userinfo_endpoint) {
          claims = { ...(await client.fetchUserInfo(configuration, tokens.access_token, sub)), ...claims };
        }
      } catch (error) {
        if (unreachable(error)) throw new ProviderUnavailableError(provider.name, error);
        // A wrong state, a used or forged code, a bad ID token (nonce, signature, audience...).
        return refuse(provider, 'invalid_response', { detail: error instanceof Error ? error.message : String(error), requestId });
      }

      const issuer = configuration.serverMetadata().issuer;
      const subject = String(claims.sub);
      const emailClaim = claims[provider.emailClaim];
      const email = typeof emailClaim === 'string' && emailClaim.trim() ? normaliseEmail(emailClaim) : undefined;
      const emailVerified = provider.emailVerifiedClaim === undefined || claims[provider.emailVerifiedClaim] === true;

      const bound = await prisma.userIdentity.findUnique({ where: { issuer_subject: { issuer, subject } }, include: { user: true } });
      const usersWithEmail = email
        ? await prisma.user.findMany({
            where: { email: { equals: email, mode: 'insensitive' } },
            include: { identities: { where: { issuer } } },
          })
        : [];
      const match = matchIdentity({
        subject,
        boundUser: bound ? { id: bound.user.id, deactivatedAt: bound.user.deactivatedAt } : undefined,
        email,
        emailVerified,
        usersWithEmail: usersWithEmail.map((user) => ({
          id: user.id,
          deactivatedAt: user.deactivatedAt,
          boundSubject: user.identities[0]?.subject,
        })),
      });
      if (match.outcome === 'refuse') return refuse(provider, match.reason, { userId: match.userId, email, requestId });
      if (match.bind) {
        try {
          await prisma.userIdentity.create({ data: { issuer, subject, userId: match.userId } });
        } catch (error) {
          // Two first sign-ins at once: the other one bound the user (to this subject, or another).
          if ((error as { code?: string }).code !== 'P2002') throw error;
          const now = await prisma.userIdentity.findUnique({ where: { issuer_subject: { issuer, subject } } });
          if (now?.userId !== match.userId) return refuse(provider, 'bound_to_another_account', { userId: match.userId, email, requestId });
        }
      }
      return { ok: true, userId: match.userId, returnTo: pending.returnTo, provider };
    },
  };
}
