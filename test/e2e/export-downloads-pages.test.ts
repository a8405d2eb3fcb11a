/**
 * The exports from the pages: the home page's lists link to the EOI and spoke-application exports
 * with the filters the person chose, regional staff's dashboard to the audit trail; each link,
 * followed with the person's session, gives the same file the API gives them for the same filters
 * (their scope, not more), and a role that may not download it is refused.
 */
import { parse } from 'csv-parse/sync';
import { createRegion, eoiBody, type Region } from '../support/region';
import { startTestSystem, type TestSystem } from '../support/system';
import type { WebClient } from '../support/web-client';
import { signedInByEmailLink } from '../support/web-sign-in';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The href of the download link whose text is `text` (CSV or Excel) in the paragraph starting `lead`. */
function downloadLink(html: string, lead: RegExp, text: 'CSV' | 'Excel (XLSX)'): string {
  const paragraph = [...html.matchAll(/<p class="nhsuk-body-s">([\s\S]*?)<\/p>/g)].map((m) => m[1]!).find((p) => lead.test(p));
  if (!paragraph) throw new Error(`no paragraph matching ${lead} on the page`);
  const link = [...paragraph.matchAll(/<a href="([^"]+)" download>([^<]+)<\/a>/g)].find((m) => m[2] === text);
  if (!link) throw new Error(`no ${text} link in: ${paragraph}`);
  return link[1]!.replaceAll('&amp;', '&');
}

const eoiIdsOf = (csv: string) => [...new Set((parse(csv, { columns: true }) as { eoiId: string }[]).map((row) => row.eoiId))].sort();

describe('exports downloaded from the pages', () => {
  let system: TestSystem;
  let region: Region;
  const ours: string[] = [];
  let theirs: string;

  beforeAll(async () => {
    system = await startTestSystem();
    region = await createRegion(system, { fundedPlaces: 10 });
    for (const universityId of [region.university.id, region.otherUniversity.id]) {
      const eoi = await region.submitter.api.post('/api/eois', eoiBody(region, { universityId }));
      expect(eoi.status).toBe(201);
      ours.push(eoi.body.id);
    }
    const other = await region.otherSubmitter.api.post('/api/eois', eoiBody(region, { organisationId: region.otherOrganisation.id }));
    expect(other.status).toBe(201);
    theirs = other.body.id;
  });

  afterAll(async () => {
    await system?.stop();
  });

  const apiCsv = async (token: string, path: string) => {
    const response = await fetch(system.baseUrl + path, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    return response.text();
  };

  const follow = async (browser: WebClient, href: string) => {
    const answer = await browser.get(href);
    expect(answer.status).toBe(200);
    return answer;
  };

  it('links regional staff to every EOI, or to those of the filters chosen, as the API exports them', async () => {
    const staff = await signedInByEmailLink(system, region.staff.email);
    const home = await follow(staff, '/');
    const all = downloadLink(home.text, /^Download all expressions of interest/, 'CSV');
    expect(all).toBe('/exports/eois.csv');
    const csv = await follow(staff, all);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="?trainflow-eois-\d{4}-\d{2}-\d{2}\.csv"?$/);
    expect(eoiIdsOf(csv.text)).toEqual([...ours, theirs].sort());
    expect(csv.text).toBe(await apiCsv(region.staff.token, '/api/exports/eois.csv'));

    const filtered = await follow(staff, `/?organisationId=${region.organisation.id}&universityId=${region.otherUniversity.id}`);
    const link = downloadLink(filtered.text, /^Download these expressions of interest/, 'CSV');
    expect(new URL(link, system.baseUrl).searchParams.get('organisationId')).toBe(region.organisation.id);
    const some = await follow(staff, link);
    expect(eoiIdsOf(some.text)).toEqual([ours[1]]);
    expect(some.text).toBe(
      await apiCsv(
        region.staff.token,
        `/api/exports/eois.csv?organisationId=${region.organisation.id}&universityId=${region.otherUniversity.id}`,
      ),
    );

    const xlsx = await follow(staff, downloadLink(filtered.text, /^Download these expressions of interest/, 'Excel (XLSX)'));
    expect(xlsx.headers.get('content-type')).toBe(XLSX);
    expect(xlsx.headers.get('content-disposition')).toMatch(/^attachment; filename="?trainflow-eois-\d{4}-\d{2}-\d{2}\.xlsx"?$/);
    expect(xlsx.headers.get('x-content-type-options')).toBe('nosniff');
    expect(xlsx.headers.get('cache-control')).toBe('no-store');
  });

  it('gives an organisation its own EOIs only, and not the audit trail', async () => {
    const organisation = await signedInByEmailLink(system, region.submitter.email);
    const home = await follow(organisation, '/');
    const csv = await follow(organisation, downloadLink(home.text, /^Download all expressions of interest/, 'CSV'));
    expect(eoiIdsOf(csv.text)).toEqual([...ours].sort());
    expect(csv.text).not.toContain(theirs);
    // Asking for the other organisation's EOIs by filter changes nothing: the scope is the person's.
    const sneaky = await follow(organisation, `/exports/eois.csv?organisationId=${region.otherOrganisation.id}`);
    expect(sneaky.text).toBe(await apiCsv(region.submitter.token, `/api/exports/eois.csv?organisationId=${region.otherOrganisation.id}`));
    expect(sneaky.text).not.toContain(theirs);

    expect(home.text).not.toContain('/exports/audit-events');
    expect((await organisation.get('/exports/audit-events.csv')).status).toBe(403);
    expect((await organisation.get('/exports/spoke-applications.csv')).status).toBe(403);
  });

  it('links regional staff to the audit trail, the same file as the API gives them', async () => {
    const staff = await signedInByEmailLink(system, region.staff.email);
    const home = await follow(staff, '/');
    const link = downloadLink(home.text, /^Who did what, and when/, 'CSV');
    const csv = await follow(staff, link);
    const rows = parse(csv.text, { columns: true }) as { subjectId: string; action: string }[];
    expect(
      rows
        .filter((row) => row.action === 'eoi.submitted')
        .map((row) => row.subjectId)
        .sort(),
    ).toEqual([...ours, theirs].sort());
    expect(csv.text).toBe(await apiCsv(region.staff.token, '/api/exports/audit-events.csv'));
  });

  it('refuses a filter the export does not take, and sends a person without a session to sign in', async () => {
    const staff = await signedInByEmailLink(system, region.staff.email);
    expect((await staff.get('/exports/eois.csv?status=LOST')).status).toBe(400);
    expect((await staff.get('/exports/eois.csv?colour=blue')).status).toBe(400);
    const stranger = await fetch(`${system.baseUrl}/exports/eois.csv`, { redirect: 'manual' });
    expect(stranger.status).toBe(303);
    expect(stranger.headers.get('location')).toBe('/sign-in?returnTo=%2Fexports%2Feois.csv');
  });
});
