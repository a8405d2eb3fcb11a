import { DEFAULT_SESSION_SETTINGS, matchIdentity, normaliseEmail, safeReturnTo, sessionStatus } from '../../domain/sign-in';

describe('safe returnTo: after sign-in a person lands on a page of this site, never another', () => {
  it.each([
    ['/', '/'],
    ['/eois/eoi_123', '/eois/eoi_123'],
    ['/eois/eoi_123?tab=history', '/eois/eoi_123?tab=history'],
    ['/spoke-applications/spk_1', '/spoke-applications/spk_1'],
  ])('keeps the path %s', (value, expected) => {
    expect(safeReturnTo(value)).toBe(expected);
  });

  it.each([
    'https://evil.example/',
    '//evil.example/path',
    '/\\evil.example',
    '\\\\evil.example',
    'javascript:alert(1)',
    '/%0d%0aSet-Cookie:x=1'.replace('%0d%0a', '\r\n'),
    'eois/1',
    '',
    '/sign-in',
    '/sign-in/email/tfsl_x.y',
    '/sign-out',
    '/' + 'a'.repeat(2001),
    undefined,
    42,
    ['/', '/'],
  ])('sends %p home instead', (value) => {
    expect(safeReturnTo(value)).toBe('/');
  });

  it('drops a fragment and keeps the path as the browser would resolve it', () => {
    expect(safeReturnTo('/eois/1#top')).toBe('/eois/1');
    expect(safeReturnTo('/a/../eois/1')).toBe('/eois/1');
  });
});

describe('session lifetime: 30 minutes idle, 12 hours at most', () => {
  const signedInAt = new Date('2027-01-01T08:00:00Z');
  const session = (lastSeenAt: Date) => ({ lastSeenAt, expiresAt: new Date(signedInAt.getTime() + DEFAULT_SESSION_SETTINGS.lifetimeMs) });
  const at = (iso: string) => new Date(iso);

  it('is active while used within the idle timeout', () => {
    expect(sessionStatus(session(at('2027-01-01T08:00:00Z')), at('2027-01-01T08:29:59Z'), DEFAULT_SESSION_SETTINGS)).toBe('active');
  });

  it('ends after 30 minutes unused', () => {
    expect(sessionStatus(session(at('2027-01-01T08:00:00Z')), at('2027-01-01T08:30:00Z'), DEFAULT_SESSION_SETTINGS)).toBe('idle_timeout');
  });

  it('ends 12 hours after sign-in even when used all along', () => {
    expect(sessionStatus(session(at('2027-01-01T19:59:00Z')), at('2027-01-01T19:59:59Z'), DEFAULT_SESSION_SETTINGS)).toBe('active');
    expect(sessionStatus(session(at('2027-01-01T19:59:00Z')), at('2027-01-01T20:00:00Z'), DEFAULT_SESSION_SETTINGS)).toBe('lifetime_ended');
  });
});

describe('matching a single-sign-on account to a user an admin created', () => {
  const active = (id: string, boundSubject?: string) => ({ id, deactivatedAt: null, boundSubject });

  it('signs in a bound subject as its user, whatever its email claim says now', () => {
    expect(
      matchIdentity({ subject: 's1', boundUser: active('u1'), email: 'changed@x.nhs.uk', emailVerified: true, usersWithEmail: [] }),
    ).toEqual({
      outcome: 'sign_in',
      userId: 'u1',
      bind: false,
    });
  });

  it('binds a first sign-in by verified email', () => {
    expect(matchIdentity({ subject: 's1', email: 'a@x.nhs.uk', emailVerified: true, usersWithEmail: [active('u1')] })).toEqual({
      outcome: 'sign_in',
      userId: 'u1',
      bind: true,
    });
  });

  it('does not let another account whose email now matches take over a bound user', () => {
    expect(matchIdentity({ subject: 's2', email: 'a@x.nhs.uk', emailVerified: true, usersWithEmail: [active('u1', 's1')] })).toEqual({
      outcome: 'refuse',
      reason: 'bound_to_another_account',
      userId: 'u1',
    });
  });

  it.each([
    [{ email: 'a@x.nhs.uk', emailVerified: false, usersWithEmail: [active('u1')] }, 'email_not_verified'],
    [{ email: undefined, emailVerified: true, usersWithEmail: [] }, 'email_missing'],
    [{ email: 'new@x.nhs.uk', emailVerified: true, usersWithEmail: [] }, 'unknown_person'],
    [{ email: 'a@x.nhs.uk', emailVerified: true, usersWithEmail: [active('u1'), active('u2')] }, 'ambiguous_email'],
    [{ email: 'a@x.nhs.uk', emailVerified: true, usersWithEmail: [{ id: 'u1', deactivatedAt: new Date() }] }, 'deactivated'],
  ])('refuses %p: %s, creating nobody', (input, reason) => {
    expect(matchIdentity({ subject: 's1', ...input })).toMatchObject({ outcome: 'refuse', reason });
  });

  it('refuses a bound but deactivated user', () => {
    expect(
      matchIdentity({ subject: 's1', boundUser: { id: 'u1', deactivatedAt: new Date() }, emailVerified: true, usersWithEmail: [] }),
    ).toEqual({
      outcome: 'refuse',
      reason: 'deactivated',
      userId: 'u1',
    });
  });

  it('compares addresses without case or spaces', () => {
    expect(normaliseEmail('  Ann.Lee@Example.NHS.uk ')).toBe('ann.lee@example.nhs.uk');
  });
});
