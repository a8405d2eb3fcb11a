/**
 * The deadlines page over HTTP: the steps waiting on the person's role by default, or everything
 * in their scope; filtered by status; each row linked to its subject; the same deadlines, in the
 * same order, as GET /api/deadlines gives that person.
 */
import { createRegion, eoiBody, type Region } from '../support/region';
import { startTestSystem, type TestSystem } from '../support/system';
import { inputValue } from '../support/web-client';
import { signedInByEmailLink } from '../support/web-sign-in';

/** The subject links of the deadlines table, in order. */
const rowLinks = (html: string) =>
  [...(html.match(/<tbody[\s\S]*?<\/tbody>/)?.[0] ?? '').matchAll(/<a href="(\/(?:eois|spoke-applications)\/[^"]+)">/g)].map((m) => m[1]);

describe('the deadlines page', () => {
  let system: TestSystem;
  let region: Region;
  const eoiIds: string[] = [];

  beforeAll(async () => {
    system = await startTestSystem();
    region = await createRegion(system, { fundedPlaces: 10 });
    for (let i = 0; i < 2; i++) {
      const eoi = await region.submitter.api.post('/api/eois', eoiBody(region));
      expect(eoi.status).toBe(201);
      eoiIds.push(eoi.body.id);
    }
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('shows the university its reviews waiting, as the API lists them, each linked to its EOI', async () => {
    const reviewer = await signedInByEmailLink(system, region.reviewer.email);
    const page = await reviewer.get('/deadlines');
    expect(page.status).toBe(200);
    const api = await region.reviewer.api.get('/api/deadlines');
    const mine = api.body.items.filter((d: { ownerRole: string }) => d.ownerRole === 'university_reviewer');
    expect(mine.map((d: { subjectId: string }) => d.subjectId).sort()).toEqual([...eoiIds].sort());
    expect(rowLinks(page.text)).toEqual(mine.map((d: { subjectId: string }) => `/eois/${d.subjectId}`));
    expect(page.text).toContain('Showing 1 to 2 of 2');
    expect(page.text).toContain('href="/reports/deadlines.csv"');
  });

  it('shows the organisation nothing waiting on it by default, and everything in its scope when asked', async () => {
    const organisation = await signedInByEmailLink(system, region.submitter.email);
    const mine = await organisation.get('/deadlines');
    expect(mine.status).toBe(200);
    expect(rowLinks(mine.text)).toEqual([]);
    expect(mine.text).toContain('No deadline matches.');
    const all = await organisation.get('/deadlines?waiting=all');
    expect(rowLinks(all.text).sort()).toEqual(eoiIds.map((id) => `/eois/${id}`).sort());
    // None is overdue yet; the CSV link carries the filter.
    const overdue = await organisation.get('/deadlines?waiting=all&status=overdue');
    expect(rowLinks(overdue.text)).toEqual([]);
    expect(overdue.text).toContain('href="/reports/deadlines.csv?status=overdue"');
    // A filter value the page does not offer is refused, not ignored.
    expect((await organisation.get('/deadlines?status=late')).status).toBe(400);
  });

  it('gives the person a calendar feed of the same deadlines, shown once; a new link stops the old one', async () => {
    const reviewer = await signedInByEmailLink(system, region.reviewer.email);
    const feedUrl = async () => {
      const page = await reviewer.get('/deadlines');
      const answer = await reviewer.post('/deadlines/calendar-feed', { _csrf: inputValue(page.text, '_csrf')! });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('cache-control')).toBe('no-store');
      return inputValue(answer.text, 'feedUrl')!;
    };
    // Without the session's CSRF token nothing is issued.
    expect((await reviewer.post('/deadlines/calendar-feed', {})).status).toBe(403);

    const first = await feedUrl();
    expect(first).toMatch(new RegExp(`^${system.baseUrl}/calendar/tfcal_[^/]+\\.ics$`));
    const feed = await fetch(first);
    expect(feed.status).toBe(200);
    const ics = await feed.text();
    for (const id of eoiIds) expect(ics).toContain(`/eois/${id}`);

    const second = await feedUrl();
    expect(second).not.toBe(first);
    expect((await fetch(first)).status).toBe(404);
    expect((await fetch(second)).status).toBe(200);
  });
});
