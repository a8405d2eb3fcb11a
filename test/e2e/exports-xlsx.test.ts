/**
 * The XLSX exports over HTTP on real servers (Temporal, database, SMTP): a small region with
 * known EOIs (one funded with two candidates, one confirmed, one whose contact looks like a formula) and two
 * practices' spoke applications, each XLSX read back with exceljs and checked cell for cell against
 * the CSV of the same filters: the same header, rows and values, counts and ids as numbers, times
 * and dates as dates, every other cell text (never a formula, never prefixed); each role's scope
 * and each bad filter answered as the CSV answers them.
 */
import { randomBytes } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { DATE_FORMAT } from '../../domain/exports';
import type { ApiClient } from '../support/api-client';
import { eventually } from '../support/eventually';
import { createRegion, createUser, eoiBody, type Region, type RegionUser } from '../support/region';
import { startTestSystem, type TestSystem } from '../support/system';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface Sheet {
  header: string[];
  rows: ExcelJS.Cell[][];
  workbook: ExcelJS.Workbook;
}

/** The CSV's text of a cell read back from the XLSX: numbers and dates as the CSV writes them. */
function csvTextOf(cell: ExcelJS.Cell): string {
  const value = cell.value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  if (value instanceof Date) return cell.numFmt === DATE_FORMAT ? value.toISOString().slice(0, 10) : value.toISOString();
  if (typeof value === 'string') return value;
  throw new Error(`Cell ${cell.address} holds ${JSON.stringify(value)}, neither text, a number nor a date`);
}

/** A CSV cell as it was before csvSafe prefixed it: what the XLSX holds. */
const unprefixed = (text: string) => (/^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text);

describe('exports as XLSX: the same rows as the CSV, in typed cells', () => {
  let system: TestSystem;
  let region: Region;
  let managerA: RegionUser;
  let managerB: RegionUser;
  let enrolledId: string;

  const ok = async (response: Promise<{ status: number; body: any; text: string }>, what: string) => {
    const answer = await response;
    if (answer.status >= 300) throw new Error(`${what} answered ${answer.status}: ${answer.text}`);
    return answer.body;
  };

  const download = async (as: ApiClient, path: string) => {
    const response = await fetch(as.baseUrl + path, { headers: { authorization: `Bearer ${as.token}` } });
    return { response, bytes: Buffer.from(await response.arrayBuffer()) };
  };

  async function xlsx(as: ApiClient, path: string): Promise<Sheet & { filename: string }> {
    const { response, bytes } = await download(as, path);
    expect([response.status, response.headers.get('content-type')]).toEqual([200, XLSX]);
    const filename = /^attachment; filename="(trainflow-[a-z-]+-\d{4}-\d{2}-\d{2}\.xlsx)"$/.exec(
      response.headers.get('content-disposition') ?? '',
    );
    expect(filename?.[1]).toEqual(expect.any(String));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    expect(workbook.worksheets).toHaveLength(1);
    const sheet = workbook.worksheets[0]!;
    const header = sheet.getRow(1);
    const width = header.cellCount;
    const rows: ExcelJS.Cell[][] = [];
    for (let n = 2; n <= sheet.rowCount; n++) rows.push(Array.from({ length: width }, (_, i) => sheet.getRow(n).getCell(i + 1)));
    return {
      header: Array.from({ length: width }, (_, i) => String(header.getCell(i + 1).value)),
      rows,
      workbook,
      filename: filename![1]!,
    };
  }

  async function csv(as: ApiClient, path: string) {
    const response = await as.get(path);
    expect(response.status).toBe(200);
    const filename = /filename="(.+)"/.exec(response.headers.get('content-disposition') ?? '')![1]!;
    const [header, ...rows] = parse(response.text) as string[][];
    return { header: header!, rows, filename };
  }

  /** Both formats of one export with the same filters: the XLSX's cells are the CSV's rows. */
  async function sameAsCsv(as: ApiClient, path: string, query = '') {
    const [fromCsv, fromXlsx] = [await csv(as, `${path}.csv${query}`), await xlsx(as, `${path}.xlsx${query}`)];
    expect(fromXlsx.filename).toBe(fromCsv.filename.replace(/\.csv$/, '.xlsx'));
    expect(fromXlsx.header).toEqual(fromCsv.header);
    expect(fromXlsx.rows.map((row) => row.map(csvTextOf))).toEqual(fromCsv.rows.map((row) => row.map(unprefixed)));
    for (const cell of fromXlsx.rows.flat()) expect([cell.address, cell.type]).not.toEqual([cell.address, ExcelJS.ValueType.Formula]);
    const sheet = fromXlsx.workbook.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const column = (name: string) => fromXlsx.rows.map((row) => row[fromXlsx.header.indexOf(name)]!.value);
    return { rows: fromXlsx.rows, column, csvRows: fromCsv.rows };
  }

  async function problem(as: ApiClient, path: string) {
    const { response, bytes } = await download(as, path);
    return { status: response.status, type: response.headers.get('content-type'), body: JSON.parse(bytes.toString('utf8')) };
  }

  beforeAll(async () => {
    system = await startTestSystem();
    region = await createRegion(system);
    const { submitter, reviewer, staff } = region;
    const enrolled = await ok(submitter.api.post('/api/eois', eoiBody(region, { placesRequested: 2 })), 'an EOI');
    enrolledId = enrolled.id;
    await ok(reviewer.api.post(`/api/eois/${enrolled.id}/review`, { decision: 'support', comment: 'support it' }), 'review');
    await ok(staff.api.post(`/api/eois/${enrolled.id}/funding-decision`, { decision: 'fund', places: 2, comment: 'funded' }), 'funding');
    const candidate = (name: string) =>
      ok(
        submitter.api.post(`/api/eois/${enrolled.id}/candidates`, {
          name,
          email: `${name.split(' ')[0]!.toLowerCase()}@northshire.nhs.uk`,
          currentRole: 'Nurse',
        }),
        'a candidate',
      );
    const { candidateId } = await candidate('Ada Trainee');
    await candidate('Ben Trainee');
    await ok(reviewer.api.post(`/api/eois/${enrolled.id}/candidates/${candidateId}/outcome`, { outcome: 'accepted' }), 'accepted');
    await ok(submitter.api.post(`/api/eois/${enrolled.id}/confirmations`, { candidateId, signedBy: 'Dr Chief Nurse' }), 'confirmation');
    await ok(
      region.otherSubmitter.api.post(
        '/api/eois',
        eoiBody(region, {
          organisationId: region.otherOrganisation.id,
          serviceType: 'primary_care',
          contact: { name: '=HYPERLINK("http://x.example")', email: 'x@riverside.nhs.uk' },
        }),
      ),
      'an EOI whose contact looks like a formula',
    );

    const tag = randomBytes(3).toString('hex');
    const hub = await ok(system.admin.post('/api/hubs', { name: 'Wigan Training Hub', areas: ['Wigan'] }), 'a hub');
    const manage = async (name: string, n: number) => {
      const practice = await ok(
        system.admin.post('/api/practices', {
          name,
          odsCode: `P${randomBytes(3).toString('hex').toUpperCase()}`,
          isTrainingPractice: false,
          hubId: hub.id,
        }),
        'a practice',
      );
      const manager = await createUser(system, {
        name: `${name} Manager`,
        email: `pm.${n}.${tag}@practice.nhs.uk`,
        role: 'practice_manager',
        practiceId: practice.id,
      });
      await ok(
        manager.api.post('/api/spoke-applications', {
          practiceId: practice.id,
          hubId: hub.id,
          administrator: { name: 'Ann Admin', email: `ann.${n}.${tag}@practice.nhs.uk` },
          educationalist: { name: 'Ed Teach', email: `ed.${n}.${tag}@practice.nhs.uk` },
        }),
        'an application',
      );
      return manager;
    };
    managerA = await manage('Leigh Family Practice', 1);
    managerB = await manage('@Hindley Surgery', 2);
    // The lists show what the workflows have recorded: export once they hold the data set.
    await eventually(async () => {
      const eois = (await staff.api.get('/api/eois?limit=100')).body.items;
      expect(eois.map((e: { status: string }) => e.status).sort()).toEqual(['FUNDED', 'UNDER_UNIVERSITY_REVIEW']);
      const applications = (await staff.api.get('/api/spoke-applications?limit=100')).body.items;
      expect(applications.map((a: { evidence: unknown[] }) => a.evidence.length > 0)).toEqual([true, true]);
      const audit = (await staff.api.get(`/api/audit-events?subjectId=${enrolledId}&limit=100`)).body.items;
      expect(audit.map((e: { action: string }) => e.action)).toContain('eoi.support_confirmed');
    }, 'the data set recorded');
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('exports the EOIs, a row per candidate, as the CSV does: places as numbers, times as dates, the formula-like contact as text', async () => {
    const { rows, column } = await sameAsCsv(region.staff.api, '/api/exports/eois');
    expect(rows).toHaveLength(3); // two candidates, and one row for the EOI with none
    expect(column('placesRequested')).toEqual([2, 2, 2]);
    expect(column('submittedAt').every((at) => at instanceof Date)).toBe(true);
    expect(column('candidateConfirmedAt').filter((at) => at instanceof Date)).toHaveLength(1);
    expect(column('contactName')).toContain('=HYPERLINK("http://x.example")');
    expect(column('candidateName').sort()).toEqual(['Ada Trainee', 'Ben Trainee', null].sort());
  });

  it('exports only the EOIs in the caller’s scope, with the list’s filters, as the CSV does', async () => {
    const theirs = await sameAsCsv(region.otherSubmitter.api, '/api/exports/eois');
    expect(theirs.column('organisationId')).toEqual([region.otherOrganisation.id]);
    expect((await sameAsCsv(region.otherSubmitter.api, '/api/exports/eois', `?organisationId=${region.organisation.id}`)).rows).toEqual([]);
    expect((await sameAsCsv(region.staff.api, '/api/exports/eois', '?status=FUNDED')).rows).toHaveLength(2);
  });

  it('exports the spoke applications, a row per evidence item, each practice manager only their own', async () => {
    const all = await sameAsCsv(region.staff.api, '/api/exports/spoke-applications');
    expect(all.rows.length).toBeGreaterThan(2);
    expect(new Set(all.column('cycle'))).toEqual(new Set([1]));
    expect(all.column('practiceName')).toContain('@Hindley Surgery');
    const own = await sameAsCsv(managerA.api, '/api/exports/spoke-applications');
    expect(new Set(own.column('practiceName'))).toEqual(new Set(['Leigh Family Practice']));
    expect(own.rows.length).toBeGreaterThan(0);
    expect(new Set((await sameAsCsv(managerB.api, '/api/exports/spoke-applications')).column('practiceName'))).toEqual(
      new Set(['@Hindley Surgery']),
    );
  });

  it('exports the audit trail with its filters, ids as numbers and times as dates', async () => {
    const trail = await sameAsCsv(region.staff.api, '/api/exports/audit-events', `?subjectId=${enrolledId}`);
    expect(trail.column('action')).toEqual(expect.arrayContaining(['eoi.submitted', 'eoi.funded', 'eoi.support_confirmed']));
    expect(trail.column('id').every((id) => typeof id === 'number')).toBe(true);
    expect(trail.column('at').every((at) => at instanceof Date)).toBe(true);
    const funded = await sameAsCsv(region.staff.api, '/api/exports/audit-events', `?subjectId=${enrolledId}&action=eoi.funded`);
    expect(funded.column('action')).toEqual(['eoi.funded']);
    const today = system.now().toISOString().slice(0, 10);
    expect((await sameAsCsv(region.staff.api, '/api/exports/audit-events', `?subjectId=${enrolledId}&to=2000-01-01`)).rows).toEqual([]);
    expect(
      (await sameAsCsv(region.staff.api, '/api/exports/audit-events', `?subjectId=${enrolledId}&from=2000-01-01&to=${today}`)).rows.length,
    ).toBeGreaterThan(0);
  });

  it('answers a bad filter with a problem naming the field, and a role outside the trail with 403, as the CSV does', async () => {
    const cases: [ApiClient, string, number, string[]][] = [
      [region.staff.api, '/api/exports/eois.xlsx?status=NOPE', 400, ['query.status']],
      [region.staff.api, '/api/exports/spoke-applications.xlsx?status=NOPE', 400, ['query.status']],
      [region.staff.api, '/api/exports/audit-events.xlsx?from=2026-05-02&to=2026-05-01', 400, ['query.to']],
      [region.staff.api, '/api/exports/audit-events.xlsx?from=yesterday', 400, ['query.from']],
    ];
    for (const [as, path, status, fields] of cases) {
      const answer = await problem(as, path);
      expect([path, answer.status, answer.type, answer.body.errors.map((e: { path: string }) => e.path)]).toEqual([
        path,
        status,
        expect.stringContaining('application/problem+json'),
        fields,
      ]);
      expect((await problem(as, path.replace('.xlsx', '.csv'))).status).toBe(status);
    }
    for (const [as, path] of [
      [region.submitter.api, '/api/exports/audit-events'],
      [managerA.api, '/api/exports/eois'],
      [region.reviewer.api, '/api/exports/spoke-applications'],
    ] as const) {
      const answer = await problem(as, `${path}.xlsx`);
      expect([path, answer.status, answer.type]).toEqual([path, 403, expect.stringContaining('application/problem+json')]);
      expect((await problem(as, `${path}.csv`)).status).toBe(403);
    }
  });
});
