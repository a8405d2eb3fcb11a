/**
 * Fair-share figures from spreadsheets with the admin command line (`npm run admin -- import
 * workforce ...`), run as a child process against a running test system: the same checks as the
 * API, every bad row named by line, all or nothing, and --dry-run.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ApiClient } from '../support/api-client';
import { startTestSystem, TEST_ADMIN_TOKEN, type TestSystem } from '../support/system';

const ROOT = path.resolve(__dirname, '../..');
const EXAMPLES = path.join(ROOT, 'examples');

function admin(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { NODE_OPTIONS: _jestOnly, ...inherited } = process.env;
  return new Promise((resolve) => {
    execFile(
      'npm',
      ['run', '--silent', 'admin', '--', ...args],
      { cwd: ROOT, env: { ...inherited, ADMIN_TOKEN: undefined } as NodeJS.ProcessEnv, timeout: 50_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr: stderr.replace(/^npm warn .*\n/gm, '') });
      },
    );
  });
}

describe('admin CLI: fair-share figures', () => {
  let system: TestSystem;
  let hee: ApiClient;
  let asAdmin: string[];
  let asStaff: string[];
  let tmp: string;

  beforeAll(async () => {
    system = await startTestSystem();
    asAdmin = ['--api', system.baseUrl, '--token', TEST_ADMIN_TOKEN];
    const staff = await system.admin.post('/api/users', { name: 'Regional AHP lead', email: 'ahp@example.nhs.uk', role: 'hee_staff' });
    hee = system.as(staff.body.token);
    asStaff = ['--api', system.baseUrl, '--token', staff.body.token];
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'trainflow-fair-share-cli-'));
    const organisations = await admin(['import', 'organisations', path.join(EXAMPLES, 'organisations.csv'), ...asAdmin]);
    expect(organisations.code).toBe(0);
  });

  afterAll(async () => {
    await system?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  const csv = (name: string, lines: string[]) => {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    return file;
  };
  const example = (kind: string) => path.join(EXAMPLES, `fair-share-${kind}.csv`);
  const figureAudit = () => system.db.prisma.auditEvent.count({ where: { subjectType: 'fair_share_figure' } });

  it('adds professions from CSV, and skips them when run again', async () => {
    const run = await admin(['import', 'professions', path.join(EXAMPLES, 'professions.csv'), ...asAdmin]);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(run.stdout).toContain('Imported 2 professions.');
    const again = await admin(['import', 'professions', path.join(EXAMPLES, 'professions.csv'), ...asAdmin]);
    expect(again.stdout).toContain('Imported 0 professions (2 already present).');
    const codes = (await hee.get('/api/fair-share/professions')).body.items.map((p: { code: string }) => p.code);
    expect(codes).toEqual(['physiotherapy', 'occupational_therapy', 'speech_and_language_therapy', 'dietetics', 'podiatry']);
  });

  it('shows with --dry-run what would be set, and sets nothing', async () => {
    const run = await admin(['import', 'workforce', example('workforce'), '--period', '2025-26', '--dry-run', ...asStaff]);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(run.stdout).toContain('line 2: would set Example Community Health NHS Trust, physiotherapy: wte 42.5 (new)');
    expect(run.stdout).toContain('Dry run: would set 8 workforce figure(s) for 2025-26 (8 new or changed).');
    expect((await hee.get('/api/fair-share/periods/2025-26/workforce')).status).toBe(404);
    expect(await figureAudit()).toBe(0);
  });

  it('sets the example figures, organisations named by ODS code or name, and the report follows them', async () => {
    for (const kind of ['workforce', 'required-weeks', 'offered-weeks']) {
      const run = await admin(['import', kind, example(kind), '--period', '2025-26', ...asStaff]);
      expect({ kind, code: run.code, stderr: run.stderr }).toEqual({ kind, code: 0, stderr: '' });
    }
    const workforce = (await hee.get('/api/fair-share/periods/2025-26/workforce')).body.rows;
    expect(workforce).toHaveLength(8);
    const report = await hee.get('/api/fair-share/periods/2025-26/report?profession=physiotherapy');
    // 1450 weeks over 42.5 + 61 + 3.2 = 106.7 WTE: the community trust's 42.5 expect 577.55; it offers 540 (0.935).
    const community = report.body.rows.find(
      (r: { organisationName: string }) => r.organisationName === 'Example Community Health NHS Trust',
    );
    expect(community).toMatchObject({ wte: 42.5, expectedWeeks: 577.55, offeredWeeks: 540, ratio: 0.93, rag: 'amber' });
    expect(report.body.totals).toEqual([
      { profession: 'physiotherapy', requiredWeeks: 1450, wte: 106.7, expectedWeeks: 1450, offeredWeeks: 1354 },
    ]);
    expect(await figureAudit()).toBe(8 + 3 + 7);
  });

  it('reports every bad row by line and column, and sets nothing, not even the good rows', async () => {
    const before = (await hee.get('/api/fair-share/periods/2025-26/workforce')).body;
    const audit = await figureAudit();
    const file = csv('bad-workforce.csv', [
      'organisation,profession,wte',
      'RX1,physiotherapy,50',
      'Nowhere Trust,physiotherapy,3',
      'RX2,dentistry,4',
      'RX2,occupational_therapy,-2',
      'X0001,physiotherapy,lots',
      'RX1,physiotherapy,51',
    ]);
    const run = await admin(['import', 'workforce', file, '--period', '2025-26', ...asStaff]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('5 problem(s); nothing was set.');
    expect(run.stderr).toContain('line 3: organisation: no organisation with id or name "Nowhere Trust"');
    expect(run.stderr).toContain('line 4: profession: no profession "dentistry"');
    expect(run.stderr).toMatch(/line 5: wte: .*>=0/);
    expect(run.stderr).toMatch(/line 6: wte: /);
    expect(run.stderr).toContain('line 7: (row): repeats line 2');
    expect(run.stderr).not.toContain('line 2:');
    expect((await hee.get('/api/fair-share/periods/2025-26/workforce')).body).toEqual(before);
    expect(await figureAudit()).toBe(audit);

    const header = await admin([
      'import',
      'offered-weeks',
      csv('header.csv', ['organisation,profession,wte', 'RX1,physiotherapy,1']),
      '--period',
      '2025-26',
      ...asStaff,
    ]);
    expect(header.code).toBe(1);
    expect(header.stderr).toContain('line 1: (header): missing column weeks; unknown column wte');
  });

  it('changes only the figures in the file, saying what each was', async () => {
    const file = csv('change.csv', ['organisation,profession,weeks', 'RX1,physiotherapy,600', 'RX2,physiotherapy,790']);
    const run = await admin(['import', 'offered-weeks', file, '--period', '2025-26', ...asStaff]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('line 2: set Example Community Health NHS Trust, physiotherapy: weeks 600 (was 540)');
    expect(run.stdout).toContain('line 3: set Example Acute Hospitals NHS Foundation Trust, physiotherapy: weeks 790 (unchanged)');
    expect(run.stdout).toContain('Set 2 offered-weeks figure(s) for 2025-26 (1 new or changed).');
    expect((await hee.get('/api/fair-share/periods/2025-26/offered-weeks')).body.rows).toHaveLength(7);
  });

  it('needs a period that is an academic year, and a regional staff token', async () => {
    const noPeriod = await admin(['import', 'workforce', example('workforce'), ...asStaff]);
    expect(noPeriod.code).toBe(1);
    expect(noPeriod.stderr).toContain('import workforce needs --period, an academic year such as 2025-26');
    const badPeriod = await admin(['import', 'workforce', example('workforce'), '--period', '2025-27', ...asStaff]);
    expect(badPeriod.code).toBe(1);
    const asAdminToken = await admin(['import', 'required-weeks', example('required-weeks'), '--period', '2026-27', ...asAdmin]);
    expect(asAdminToken.code).toBe(1);
    expect(asAdminToken.stderr).toContain('answered 403');
    expect(asAdminToken.stderr).toContain('pass --token with a hee_staff user’s token');
    expect((await hee.get('/api/fair-share/periods/2026-27/required-weeks')).status).toBe(404);
  });
});
