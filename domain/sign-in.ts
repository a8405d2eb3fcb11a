/**
 * Rules of signing people in, shared by the pages, the API and the admin command line. Pure:
 * every function takes the time it needs as an argument.
 */
import { escapeHtml } from './notifications';

/** How long sessions last: a setting per deployment, with these defaults. */
export interface SessionSettings {
  /** A session unused for this long ends (30 minutes). */
  idleTimeoutMs: number;
  /** A session ends this long after sign-in whatever its use (12 hours). */
  lifetimeMs: number;
}

export const DEFAULT_SESSION_SETTINGS: SessionSettings = { idleTimeoutMs: 30 * 60_000, lifetimeMs: 12 * 60 * 60_000 };

/** A sign-in link asked for on the sign-in page is valid this long, and once. */
export const SIGN_IN_LINK_LIFETIME_MS = 15 * 60_000;
/** The link in an invitation email: long enough for someone away for a week. */
export const INVITATION_LINK_LIFETIME_MS = 7 * 24 * 60 * 60_000;
/** From choosing a provider to coming back from it. */
export const OIDC_SIGN_IN_LIFETIME_MS = 10 * 60_000;

export type SessionStatus = 'active' | 'idle_timeout' | 'lifetime_ended';

/** Whether a session may still be used at `now`. */
export function sessionStatus(session: { lastSeenAt: Date; expiresAt: Date }, now: Date, settings: SessionSettings): SessionStatus {
  if (now.getTime() >= session.expiresAt.getTime()) return 'lifetime_ended';
  if (now.getTime() - session.lastSeenAt.getTime() >= settings.idleTimeoutMs) return 'idle_timeout';
  return 'active';
}

const MAX_RETURN_TO = 2000;

/**
 * Where to land after sign-in: a path on this site, or the home page. Refuses anything a browser
 * could read as another origin ("//host", "/\host", "https:..."), control characters, and the
 * sign-in pages themselves (no loop).
 */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_RETURN_TO) return '/';
  if (!value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return '/';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) return '/';
  let url: URL;
  try {
    url = new URL(value, 'http://trainflow.invalid');
  } catch {
    return '/';
  }
  if (url.origin !== 'http://trainflow.invalid') return '/';
  if (/^\/(sign-in|sign-out)(\/|$)/.test(url.pathname)) return '/';
  return `${url.pathname}${url.search}`;
}

/** Email addresses compare without case or surrounding spaces. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export interface CandidateUser {
  id: string;
  deactivatedAt: Date | null;
  /** The subject this user is already bound to at the provider's issuer, if any. */
  boundSubject?: string;
}

export type SignInRefusal =
  'unknown_person' | 'email_missing' | 'email_not_verified' | 'deactivated' | 'bound_to_another_account' | 'ambiguous_email';

export type IdentityMatch =
  { outcome: 'sign_in'; userId: string; bind: boolean } | { outcome: 'refuse'; reason: SignInRefusal; userId?: string };

/**
 * Who a single-sign-on account is. A subject already bound to a user is that user, whatever
 * its email says now. Otherwise a verified email claim finds the user an admin created, who is
 * then bound to this subject; a user already bound to another subject at this issuer is not
 * taken over by an account whose email now matches. Nobody is created here.
 */
export function matchIdentity(input: {
  subject: string;
  boundUser?: CandidateUser;
  email?: string;
  emailVerified: boolean;
  usersWithEmail: CandidateUser[];
}): IdentityMatch {
  if (input.boundUser) {
    if (input.boundUser.deactivatedAt) return { outcome: 'refuse', reason: 'deactivated', userId: input.boundUser.id };
    return { outcome: 'sign_in', userId: input.boundUser.id, bind: false };
  }
  if (!input.email) return { outcome: 'refuse', reason: 'email_missing' };
  if (!input.emailVerified) return { outcome: 'refuse', reason: 'email_not_verified' };
  const active = input.usersWithEmail.filter((user) => !user.deactivatedAt);
  if (active.length === 0) {
    const [inactive] = input.usersWithEmail;
    return inactive ? { outcome: 'refuse', reason: 'deactivated', userId: inactive.id } : { outcome: 'refuse', reason: 'unknown_person' };
  }
  if (active.length > 1) return { outcome: 'refuse', reason: 'ambiguous_email' };
  const user = active[0]!;
  if (user.boundSubject !== undefined && user.boundSubject !== input.subject) {
    return { outcome: 'refuse', reason: 'bound_to_another_account', userId: user.id };
  }
  return { outcome: 'sign_in', userId: user.id, bind: user.boundSubject === undefined };
}

export interface SignInEmail {
  subject: string;
  text: string;
  html: string;
}

function email(subject: string, paragraphs: (string | { link: string })[]): SignInEmail {
  const text = paragraphs.map((p) => (typeof p === 'string' ? p : p.link)).join('\n\n') + '\n\n-- \nTrainflow\n';
  const html =
    paragraphs
      .map((p) => (typeof p === 'string' ? `<p>${escapeHtml(p)}</p>` : `<p><a href="${escapeHtml(p.link)}">${escapeHtml(p.link)}</a></p>`))
      .join('\n') + '\n<p>-- <br>Trainflow</p>\n';
  return { subject, text, html };
}

/** The email with a sign-in link asked for on the sign-in page. */
export function signInLinkEmail(input: { link: string; validForMinutes: number }): SignInEmail {
  return email('Your link to sign in to Trainflow', [
    'Use this link to sign in to Trainflow:',
    { link: input.link },
    `It works once, for ${input.validForMinutes} minutes. If it has expired, ask for a new one on the sign-in page.`,
    'If you did not ask to sign in, you can ignore this email: nobody can sign in without the link.',
  ]);
}

/** The email an admin's new user receives instead of a token. */
export function invitationEmail(input: {
  name: string;
  roleName: string;
  link: string;
  validForDays: number;
  signInPage: string;
  providers: string[];
}): SignInEmail {
  const later =
    input.providers.length > 0
      ? `After that, sign in at ${input.signInPage} with ${input.providers.join(' or ')}, or ask for a link by email.`
      : `After that, sign in at ${input.signInPage} by asking for a link by email.`;
  return email('You have been invited to Trainflow', [
    `Dear ${input.name},`,
    `You have been given access to Trainflow, where expressions of interest and training accreditation are handled, as: ${input.roleName}.`,
    'Use this link to sign in for the first time:',
    { link: input.link },
    `It works once, for ${input.validForDays} days. ${later}`,
  ]);
}
