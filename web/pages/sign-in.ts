/**
 * The sign-in pages: single sign-on through a configured provider, or a link sent by email,
 * then a session; signing out, here or everywhere. Every failure is a page saying what to do.
 */
import { rateLimit, ipKeyGenerator } from 'express-rate-limit';
import type { Response } from 'express';
import { z } from 'zod';
import type { SignedInSession } from '../../api/auth/sessions';
import { ROLES } from '../../domain/roles';
import { safeReturnTo } from '../../domain/sign-in';
import { cookieSettings } from '../cookies';
import type { WebDeps } from '../deps';
import { type FormErrors } from '../forms';
import { ProviderUnavailableError } from '../sign-in/oidc';
import { type PageContext, definePage, redirect, render } from './page';

const ReturnTo = z.string().max(2000).optional();

const SignInQuery = z.object({
  returnTo: ReturnTo,
  signedOut: z.enum(['here', 'everywhere']).optional(),
  ended: z.literal('1').optional(),
});

const EmailForm = z.strictObject({
  email: z
    .string()
    .trim()
    .min(1, 'Enter your email address')
    .max(254, 'Email address must be 254 characters or fewer')
    .pipe(z.email('Enter an email address in the correct format, like name@example.nhs.uk')),
  returnTo: ReturnTo,
});

const ProviderParams = z.strictObject({ provider: z.string().regex(/^[a-z][a-z0-9-]{0,30}$/) });
const TokenParams = z.strictObject({ token: z.string().max(200) });
const TokenForm = z.strictObject({ token: z.string().max(200) });

/** The sign-in page's model: the providers, the email form, and any notice. */
function signInPage(
  deps: WebDeps,
  returnTo: string,
  extra: { errors?: FormErrors; values?: Record<string, unknown>; notice?: string } = {},
) {
  return render('pages/sign-in/sign-in.njk', {
    pageTitle: 'Sign in',
    providers: deps.oidc.list.map((provider) => ({
      label: provider.label,
      href: `/sign-in/oidc/${provider.name}${returnTo !== '/' ? `?returnTo=${encodeURIComponent(returnTo)}` : ''}`,
    })),
    emailSignIn: deps.emailLinks.enabled,
    returnTo,
    ...extra,
  });
}

const notices: Record<string, string> = {
  here: 'You have signed out.',
  everywhere: 'You have signed out on every device and browser.',
  ended: 'Your session has ended. Sign in again to carry on.',
};

/** Starts the session: a new id every time (never one the browser brought), and the cookie. */
async function signIn(ctx: PageContext<unknown, unknown, unknown, unknown>, userId: string, method: string, res: Response): Promise<void> {
  const cookies = cookieSettings(ctx.deps.publicUrl);
  const current = (ctx.req.cookies as Record<string, string | undefined>)[cookies.session];
  const { cookieValue } = await ctx.deps.sessions.start({ userId, method, replacing: current, requestId: ctx.requestId });
  res.cookie(cookies.session, cookieValue, cookies.options);
}

/** Per client address: the email form and the link page cannot be used to hammer the mail server or guess links. */
function perClientLimit(deps: WebDeps, limit: number) {
  return rateLimit({
    windowMs: 15 * 60_000,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => ipKeyGenerator(req.ip ?? ''),
    handler: (_req, res) => {
      res
        .status(429)
        .type('html')
        .send(deps.views.render('pages/errors/too-many-requests.njk', { pageTitle: 'Too many attempts', cspNonce: res.locals.cspNonce }));
    },
  });
}

export function signInPages(deps: WebDeps) {
  // Generous: a whole trust may reach us through one proxy address. Each person is also limited
  // to LINKS_PER_ADDRESS links (api/auth/email-links.ts), whatever address they ask from.
  const linkRequests = perClientLimit(deps, 100);
  const linkUses = perClientLimit(deps, 300);
  const publicReason = 'the way in: nobody has a session yet';

  return [
    definePage({
      method: 'get',
      path: '/sign-in',
      summary: 'Sign in',
      policy: { public: publicReason },
      query: SignInQuery,
      async handler({ user, query }) {
        const returnTo = safeReturnTo(query.returnTo);
        if (user) return redirect(returnTo);
        const notice = query.signedOut ? notices[query.signedOut] : query.ended ? notices.ended : undefined;
        return signInPage(deps, returnTo, { notice });
      },
    }),

    definePage({
      method: 'post',
      path: '/sign-in/email',
      summary: 'Ask for a sign-in link',
      policy: { public: publicReason },
      before: [linkRequests],
      body: EmailForm,
      async invalid({ body }, errors) {
        return signInPage(deps, safeReturnTo(body.returnTo), { errors, values: body });
      },
      async handler({ body, requestId }) {
        if (!deps.emailLinks.enabled) return render('pages/errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
        await deps.emailLinks.request(body.email, safeReturnTo(body.returnTo), requestId);
        return redirect('/sign-in/check-your-email');
      },
    }),

    definePage({
      method: 'get',
      path: '/sign-in/check-your-email',
      summary: 'Check your email',
      policy: { public: publicReason },
      handler: async () => render('pages/sign-in/check-your-email.njk', { pageTitle: 'Check your email', validForMinutes: 15 }),
    }),

    definePage({
      method: 'get',
      path: '/sign-in/email/:token',
      summary: 'Open a sign-in link',
      policy: { public: 'the link is the credential' },
      before: [linkUses],
      params: TokenParams,
      // Opening the link does not use it: mail scanners that follow links would spend it. The button does.
      async handler({ params }) {
        const state = await deps.emailLinks.check(params.token);
        if (state !== 'valid') return linkProblem(state);
        return render('pages/sign-in/confirm-link.njk', { pageTitle: 'Sign in to Trainflow', token: params.token });
      },
    }),

    definePage({
      method: 'post',
      path: '/sign-in/email/confirm',
      summary: 'Sign in with a link',
      policy: { public: 'the link is the credential' },
      before: [linkUses],
      body: TokenForm,
      invalid: async () => linkProblem('invalid'),
      async handler(ctx) {
        const used = await deps.emailLinks.consume(ctx.body.token, ctx.requestId);
        if (!used.ok) return linkProblem(used.reason);
        await signIn(ctx, used.userId, 'email_link', ctx.res);
        return redirect(safeReturnTo(used.returnTo));
      },
    }),

    definePage({
      method: 'get',
      path: '/sign-in/oidc/:provider',
      summary: 'Sign in with single sign-on',
      policy: { public: publicReason },
      params: ProviderParams,
      query: z.object({ returnTo: ReturnTo }),
      async handler({ params, query, res }) {
        const provider = deps.oidc.find(params.provider);
        if (!provider) return render('pages/errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
        try {
          const started = await deps.oidc.start(provider, safeReturnTo(query.returnTo));
          const cookies = cookieSettings(deps.publicUrl);
          res.cookie(cookies.signIn, started.cookieValue, { ...cookies.options, maxAge: 10 * 60_000 });
          return redirect(started.authorizationUrl);
        } catch (error) {
          if (error instanceof ProviderUnavailableError) return providerUnavailable(provider.label);
          throw error;
        }
      },
    }),

    definePage({
      method: 'get',
      path: '/sign-in/oidc/:provider/callback',
      summary: 'Come back from single sign-on',
      policy: { public: 'the provider sends the person back here before any session exists' },
      params: ProviderParams,
      async handler(ctx) {
        const provider = deps.oidc.find(ctx.params.provider);
        if (!provider) return render('pages/errors/not-found.njk', { pageTitle: 'Page not found' }, 404);
        const cookies = cookieSettings(deps.publicUrl);
        const cookieValue = (ctx.req.cookies as Record<string, string | undefined>)[cookies.signIn];
        ctx.res.clearCookie(cookies.signIn, cookies.options);
        // The URL the provider redirected to, as the provider saw it (PUBLIC_URL, not the Host header).
        const callbackUrl = new URL(ctx.req.originalUrl, deps.publicUrl);
        let outcome;
        try {
          outcome = await deps.oidc.complete(provider, cookieValue, callbackUrl, ctx.requestId);
        } catch (error) {
          if (error instanceof ProviderUnavailableError) return providerUnavailable(provider.label);
          throw error;
        }
        if (outcome.ok) {
          await signIn(ctx, outcome.userId, `oidc:${provider.name}`, ctx.res);
          return redirect(safeReturnTo(outcome.returnTo));
        }
        if (['no_sign_in_under_way', 'invalid_response', 'provider_refused'].includes(outcome.reason)) {
          return render('pages/sign-in/sign-in-failed.njk', { pageTitle: 'Sign-in did not work', provider: provider.label }, 400);
        }
        return render(
          'pages/sign-in/unknown-person.njk',
          {
            pageTitle: 'You cannot sign in yet',
            reason: outcome.reason,
            email: outcome.email,
            provider: provider.label,
            supportContact: deps.config.supportContact,
          },
          403,
        );
      },
    }),

    definePage({
      method: 'post',
      path: '/sign-out',
      summary: 'Sign out',
      policy: { roles: ROLES },
      async handler({ req, res, requestId }) {
        const cookies = cookieSettings(deps.publicUrl);
        const value = (req.cookies as Record<string, string | undefined>)[cookies.session];
        if (value) await deps.sessions.end(value, requestId);
        res.clearCookie(cookies.session, cookies.options);
        return redirect('/sign-in?signedOut=here');
      },
    }),

    definePage({
      method: 'post',
      path: '/sign-out/everywhere',
      summary: 'Sign out everywhere',
      policy: { roles: ROLES },
      async handler({ user, res, requestId }) {
        const cookies = cookieSettings(deps.publicUrl);
        const session = res.locals.session as SignedInSession;
        await deps.sessions.endAllFor(
          session.userId,
          'signed_out_everywhere',
          { userId: user!.id, role: user!.role },
          undefined,
          requestId,
        );
        res.clearCookie(cookies.session, cookies.options);
        return redirect('/sign-in?signedOut=everywhere');
      },
    }),
  ];
}

function linkProblem(reason: string) {
  return render(
    'pages/sign-in/link-problem.njk',
    { pageTitle: 'This sign-in link cannot be used', reason },
    reason === 'invalid' ? 400 : 410,
  );
}

function providerUnavailable(label: string) {
  return render('pages/errors/unavailable.njk', { pageTitle: 'Sorry, the service is unavailable', provider: label }, 503);
}
