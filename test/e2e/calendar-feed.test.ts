/**
 * Calendar feeds over HTTP on real servers: a user creates a feed token, a calendar client (no
 * headers) fetches RFC 5545 that an independent parser (node-ical) reads, with UIDs stable
 * across fetches and across a moved deadline; replaced and revoked tokens answer 404.
 */
import ical from 'node-ical';
import { addCalendarDays, londonDateOf } from '../../domain/london-calendar';
import { createIntake, createRegion, eoiBody, type Region } from '../support/region';
import { startTestSystem, type TestSystem } from '../support/system';
import { until } from '../support/eventually';

const DAY = 24 * 60 * 60 * 1000;

/** What a calendar client does: a plain GET, no headers. */
async function fetchFeed(url: string): Promise<{ status: number; contentType: string | null; text: string }> {
  const response = await fetch(url);
  return { status: response.status, contentType: response.headers.get('content-type'), text: await response.text() };
}

interface FeedEvent {
  uid: string;
  start: Date & { dateOnly?: boolean };
  end: Date;
  datetype: string;
  transparency: string;
  summary: string;
  description: string;
  url: string | { val: string };
  dtstamp: Date;
}

function events(text: string): FeedEvent[] {
  return Object.values(ical.sync.parseICS(text)).filter((c) => c?.type === 'VEVENT') as unknown as FeedEvent[];
}

/**
 * node-ical builds an all-day date as midnight in the machine's time zone, so its calendar date is
 * read back with the local getters (whatever TZ is); never as a length in hours, which a
 * clock-change day in that zone makes 23 or 25.
 */
const dateOf = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/** The feed's text with folded lines joined (RFC 5545, 3.1), one property a line. */
const unfolded = (text: string) => text.replace(/\r\n[ \t]/g, '').split('\r\n');

describe('calendar feeds', () => {
  let system: TestSystem;
  let region: Region;
  let eoi: { id: string };
  let intake: Region['intake'];

  beforeAll(async () => {
    system = await startTestSystem();
    region = await createRegion(system);
    intake = await createIntake(system, region.programme.id, { startsInDays: 90 });
    eoi = (await region.submitter.api.post('/api/eois', eoiBody(region, { intakeId: intake.id, placesRequested: 1 }))).body;
    await until(async () => ((await system.db.prisma.deadline.count({ where: { subjectId: eoi.id } })) > 0 ? true : undefined), 'the EOI');
    await region.reviewer.api.post(`/api/eois/${eoi.id}/review`, { decision: 'support', comment: 'Good' });
    const funded = await region.staff.api.post(`/api/eois/${eoi.id}/funding-decision`, { decision: 'fund', comment: 'Funded' });
    expect(funded.body.status).toBe('FUNDED');
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('gives a user a feed URL whose token is stored only as a hash', async () => {
    const response = await region.staff.api.post('/api/me/calendar-token');
    expect(response.status).toBe(201);
    expect(response.body.token).toMatch(/^tfcal_[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{43}$/);
    expect(response.body.url).toBe(`${system.baseUrl}/calendar/${response.body.token}.ics`);
    const rows = await system.db.prisma.calendarToken.findMany({ where: { userId: region.staff.id } });
    expect(rows).toHaveLength(1);
    const secret = response.body.token.split('.')[1];
    expect(JSON.stringify(rows)).not.toContain(secret);
  });

  it('serves RFC 5545 an independent parser reads: one all-day event per deadline, stable UIDs, moved when the deadline moves', async () => {
    const { url } = (await region.staff.api.post('/api/me/calendar-token')).body;
    const first = await fetchFeed(url);
    expect(first.status).toBe(200);
    expect(first.contentType).toMatch(/^text\/calendar; charset=utf-8/);
    expect(first.text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);

    const mine = events(first.text).filter((e) => e.uid.startsWith(`${eoi.id}:`));
    expect(mine).toHaveLength(1);
    const [event] = mine as [FeedEvent];
    expect(event.uid).toBe(`${eoi.id}:confirmation@trainflow`);
    expect(event.datetype).toBe('date');
    expect(dateOf(event.start)).toBe(londonDateOf(intake.confirmationDueAt));
    expect(dateOf(event.end)).toBe(addCalendarDays(dateOf(event.start), 1));
    // A deadline does not make the day busy, and calendar clients fetch the feed again hourly.
    expect(event.transparency).toBe('TRANSPARENT');
    expect(unfolded(first.text)).toEqual(expect.arrayContaining(['REFRESH-INTERVAL;VALUE=DURATION:PT1H', 'X-PUBLISHED-TTL:PT1H']));
    expect(event.summary).toBe(`Return confirmation of support for 1 more candidate(s): EOI ${eoi.id} (Northshire Community Trust)`);
    expect(event.description).toContain('Owner: Northshire Community Trust.');
    expect(event.description).toContain(`Details: ${system.baseUrl}/eois/${eoi.id}`);
    expect(event.dtstamp).toBeInstanceOf(Date);

    // Fetched again: the same UIDs.
    const again = events((await fetchFeed(url)).text);
    expect(again.map((e) => e.uid).sort()).toEqual(
      events(first.text)
        .map((e) => e.uid)
        .sort(),
    );

    // Extended by three weeks: the same UID, a new date, no duplicate.
    const extendedTo = new Date(Date.parse(intake.confirmationDueAt) + 21 * DAY).toISOString();
    const extended = await region.staff.api.post(`/api/eois/${eoi.id}/extension`, {
      confirmationDueAt: extendedTo,
      reason: 'Late recruitment',
    });
    expect(extended.status).toBe(200);
    const moved = events((await fetchFeed(url)).text).filter((e) => e.uid.startsWith(`${eoi.id}:`));
    expect(moved.map((e) => e.uid)).toEqual([event.uid]);
    expect(dateOf(moved[0]!.start)).toBe(londonDateOf(extendedTo));
    expect(dateOf(moved[0]!.start)).not.toBe(dateOf(event.start));
  });

  it('shows each user only what they may see', async () => {
    const feedOf = async (api: typeof region.staff.api) => {
      const { url } = (await api.post('/api/me/calendar-token')).body;
      return events((await fetchFeed(url)).text).map((e) => e.uid);
    };
    expect(await feedOf(region.submitter.api)).toContain(`${eoi.id}:confirmation@trainflow`);
    expect(await feedOf(region.reviewer.api)).toContain(`${eoi.id}:confirmation@trainflow`);
    expect(await feedOf(region.otherSubmitter.api)).toEqual([]);
    expect(await feedOf(region.otherReviewer.api)).toEqual([]);
  });

  it('answers 404 for a replaced, revoked, unknown or malformed token', async () => {
    const old = (await region.submitter.api.post('/api/me/calendar-token')).body;
    expect((await fetchFeed(old.url)).status).toBe(200);

    // A new token replaces the old one.
    const current = (await region.submitter.api.post('/api/me/calendar-token')).body;
    expect((await fetchFeed(old.url)).status).toBe(404);
    expect((await fetchFeed(current.url)).status).toBe(200);

    // Revoked by its user.
    expect((await region.submitter.api.delete('/api/me/calendar-token')).status).toBe(204);
    expect((await region.submitter.api.delete('/api/me/calendar-token')).status).toBe(204);
    const revoked = await fetchFeed(current.url);
    expect(revoked.status).toBe(404);
    expect(revoked.contentType).toContain('application/problem+json');

    // Revoking all of a user's tokens revokes the feed too.
    const again = (await region.reviewer.api.post('/api/me/calendar-token')).body;
    expect((await fetchFeed(again.url)).status).toBe(200);
    expect((await system.admin.delete(`/api/users/${region.reviewer.id}/tokens`)).status).toBe(204);
    expect((await fetchFeed(again.url)).status).toBe(404);

    // A well-formed token with the wrong secret, an unknown id, or no token shape at all.
    const [id] = current.token.split('.');
    for (const token of [`${id}.${'A'.repeat(43)}`, `tfcal_${'B'.repeat(16)}.${'C'.repeat(43)}`, 'nonsense', current.token.toUpperCase()]) {
      expect((await fetchFeed(`${system.baseUrl}/calendar/${token}.ics`)).status).toBe(404);
    }
  });

  it('needs a bearer token to manage feeds, and a user record to hold one', async () => {
    expect((await system.as('').post('/api/me/calendar-token')).status).toBe(401);
    expect((await system.as('').delete('/api/me/calendar-token')).status).toBe(401);
    const bootstrap = await system.admin.post('/api/me/calendar-token');
    expect(bootstrap.status).toBe(403);
    expect(bootstrap.body.detail).toContain('create a user');
  });
});
