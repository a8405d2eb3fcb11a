/**
 * Single-sign-on providers from the environment. OIDC_PROVIDERS names them ("entra,cis2"), and
 * each name's settings are OIDC_<NAME>_...: see the README, "Signing in", for Entra ID and CIS2.
 */
import { z } from 'zod';

export interface OidcProviderConfig {
  /** The name in OIDC_PROVIDERS, also the path segment of its sign-in button (/sign-in/oidc/<name>). */
  name: string;
  /** What the sign-in page's button says: "Sign in with <label>". */
  label: string;
  /** Discovery: <issuer>/.well-known/openid-configuration. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** How the client authenticates at the token endpoint. */
  tokenAuthMethod: 'client_secret_basic' | 'client_secret_post';
  scopes: string;
  /** The ID token or UserInfo claim that carries the person's email address. */
  emailClaim: string;
  /**
   * The boolean claim that says the address is verified; undefined when the provider vouches for
   * every address it asserts (an organisation's own directory, such as a single Entra ID tenant).
   */
  emailVerifiedClaim?: string;
  /** Extra parameters for the authorization request (CIS2's acr_values, for instance). */
  authorizationParams: Record<string, string>;
}

const NAME = /^[a-z][a-z0-9-]{0,30}$/;

const ProviderEnv = z.object({
  ISSUER: z.url(),
  CLIENT_ID: z.string().min(1),
  CLIENT_SECRET: z.string().min(1),
  LABEL: z.string().min(1).max(100).optional(),
  TOKEN_AUTH_METHOD: z.enum(['client_secret_basic', 'client_secret_post']).default('client_secret_basic'),
  SCOPES: z
    .string()
    .regex(/(^|\s)openid(\s|$)/, 'must include openid')
    .default('openid email profile'),
  EMAIL_CLAIM: z.string().min(1).default('email'),
  EMAIL_VERIFIED_CLAIM: z.string().min(1).default('email_verified'),
  AUTHORIZATION_PARAMS: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (!value) return {};
      const params = Object.fromEntries(new URLSearchParams(value));
      if (Object.keys(params).some((key) => ['state', 'nonce', 'code_challenge', 'redirect_uri', 'client_id', 'scope'].includes(key))) {
        ctx.addIssue({ code: 'custom', message: 'may not set state, nonce, code_challenge, redirect_uri, client_id or scope' });
      }
      return params;
    }),
});

/** Reads OIDC_PROVIDERS and each provider's settings; throws naming the variable at fault. */
export function oidcProvidersFrom(env: NodeJS.ProcessEnv): OidcProviderConfig[] {
  const names = (env.OIDC_PROVIDERS ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const problems: string[] = [];
  const providers: OidcProviderConfig[] = [];
  for (const name of names) {
    if (!NAME.test(name)) {
      problems.push(`OIDC_PROVIDERS: "${name}" must be lower-case letters, digits and dashes`);
      continue;
    }
    const prefix = `OIDC_${name.toUpperCase().replace(/-/g, '_')}_`;
    const raw = Object.fromEntries(Object.keys(ProviderEnv.shape).map((key) => [key, env[prefix + key] || undefined]));
    const parsed = ProviderEnv.safeParse(raw);
    if (!parsed.success) {
      problems.push(...parsed.error.issues.map((issue) => `${prefix}${issue.path.join('.')}: ${issue.message}`));
      continue;
    }
    const p = parsed.data;
    providers.push({
      name,
      label: p.LABEL ?? name,
      issuer: p.ISSUER,
      clientId: p.CLIENT_ID,
      clientSecret: p.CLIENT_SECRET,
      tokenAuthMethod: p.TOKEN_AUTH_METHOD,
      scopes: p.SCOPES,
      emailClaim: p.EMAIL_CLAIM,
      emailVerifiedClaim: p.EMAIL_VERIFIED_CLAIM === 'none' ? undefined : p.EMAIL_VERIFIED_CLAIM,
      authorizationParams: p.AUTHORIZATION_PARAMS,
    });
  }
  if (new Set(names).size !== names.length) problems.push('OIDC_PROVIDERS: a provider is named twice');
  if (problems.length) throw new Error(`Invalid configuration: ${problems.join('; ')}`);
  return providers;
}
