/**
 * The admin command line (`npm run admin -- ...`), run as a child process against a running
 * test system, exactly as the README's "First day of a deployment" tells people to.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestSystem, TEST_ADMIN_TOKEN, type TestSystem } from '../support/system';

const ROOT = path.resolve(__dirname, '../..');
const EXAMPLES = path.join(ROOT, 'examples');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function admin(args: string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  const { NODE_OPTIONS: _jestOnly, ...inherited } = process.env;
  return new Promise((resolve) => {
    execFile(
      'npm',
      ['run', '--silent', 'admin', '--', ...args],
      { cwd: ROOT, env: { ...inherited, ADMIN_TOKEN: undefined, ...env } as NodeJS.ProcessEnv, timeout: 50_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        // A run stopped by the timeout says so, so that a failure names its cause.
        const stopped = error?.killed ? `(stopped by ${error.signal ?? 'a signal'} after 50 s)\n` : '';
        resolve({ code, stdout, stderr: stderr.replace(/^npm warn .*\n/gm, '') + stopped });
      },
    );
  });
}

describe('admin CLI', () => {
  let system: TestSystem;
  let api: string[];
  let tmp: string;

  beforeAll(async () => {
    system = await startTestSystem();
    api = ['--api', system.baseUrl, '--token', TEST_ADMIN_TOKEN];
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'trainflow-cli-'));
  });

  afterAll(async () => {
    await system?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  const csv = (name: string, text: string) => {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, text);
    return file;
  };

  it('imports every example file, resolving names to ids, in the documented order', async () => {
    for (const kind of ['universities', 'programmes', 'intakes', 'organisations', 'hubs', 'practices']) {
      const run = await admin(['import', kind, path.join(EXAMPLES, `${kind}.csv`), ...api]);
      expect({ kind, code: run.code, stderr: run.stderr }).toEqual({ kind, code: 0, stderr: '' });
      expect(run.stdout).toMatch(new RegExp(`Imported \\d+ ${kind}\\.`));
    }
    const programmes = (await system.admin.get('/api/programmes')).body.items;
    const msc = programmes.find((p: any) => p.name === 'MSc Advanced Clinical Practice');
    expect(msc.universities.map((u: any) => u.name).sort()).toEqual(['Edge Hill University', 'University of Bolton']);

    const intakes = (await system.admin.get(`/api/intakes?programmeId=${msc.id}`)).body.items;
    expect(intakes).toEqual([
      expect.objectContaining({
        startsOn: '2027-09-20',
        fundedPlaces: 24,
        confirmationDueAt: '2027-08-23T22:59:59.000Z',
        priorityServiceTypes: ['primary_care', 'integrated_community_care'],
      }),
    ]);

    const hubs = (await system.admin.get('/api/hubs')).body.items;
    const north = hubs.find((h: any) => h.name === 'Example North Training Hub');
    expect(north).toMatchObject({ areas: ['Bolton', 'Wigan'], accreditationValidityMonths: 36 });
    const practices = (await system.admin.get('/api/practices')).body.items;
    expect(practices.find((p: any) => p.odsCode === 'P00001')).toMatchObject({ hubId: north.id, isTrainingPractice: false });
    expect(practices.find((p: any) => p.odsCode === 'P00003')).not.toHaveProperty('hubId');

    const organisations = (await system.admin.get('/api/organisations')).body.items;
    expect(organisations.map((o: any) => o.odsCode).sort()).toEqual(['RX1', 'RX2', 'X0001', 'Y00001']);
    const audit = await system.admin.get(`/api/audit-events?subjectId=${organisations[0].id}`);
    expect(audit.body.items.map((e: any) => e.action)).toEqual(['organisation.created']);
  });

  it('skips rows that already exist when an import is run again', async () => {
    const before = await system.db.prisma.organisation.count();
    const run = await admin(['import', 'organisations', path.join(EXAMPLES, 'organisations.csv'), ...api]);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(run.stdout).toContain('Imported 0 organisations (4 already present).');
    expect(run.stdout).toMatch(/line 2: exists +org_/);
    expect(await system.db.prisma.organisation.count()).toBe(before);
  });

  it('with --dry-run says what it would create and creates nothing; the same run without it creates that', async () => {
    const file = csv('dry-run-universities.csv', 'name\nUniversity of Bolton\nDry Run University\n');
    const before = await system.db.prisma.university.count();
    const dry = await admin(['import', 'universities', file, '--dry-run', ...api]);
    expect({ code: dry.code, stderr: dry.stderr }).toEqual({ code: 0, stderr: '' });
    expect(dry.stdout).toMatch(/line 2: exists +\S+ +University of Bolton/);
    expect(dry.stdout).toContain('line 3: would create  Dry Run University');
    expect(dry.stdout).toContain('Dry run: would import 1 universities (1 already present).');
    expect(await system.db.prisma.university.count()).toBe(before);

    const real = await admin(['import', 'universities', file, ...api]);
    expect(real.stdout).toContain('Imported 1 universities (1 already present).');
    expect(await system.db.prisma.university.count()).toBe(before + 1);
    expect(await system.db.prisma.university.count({ where: { name: 'Dry Run University' } })).toBe(1);
  });

  it('reports every bad row with its line and field, and imports nothing, not even the good rows', async () => {
    const file = csv(
      'bad-organisations.csv',
      [
        'name,odsCode,kind,serviceType',
        'Good Trust,GOOD1,nhs_trust,primary_care',
        'Bad Code Trust,no!,nhs_trust,primary_care',
        ',GOOD2,hospital,primary_care',
        'Repeated Trust,GOOD1,other,other',
        'Changed Name,RX1,nhs_trust,integrated_community_care',
      ].join('\n'),
    );
    const before = await system.db.prisma.organisation.count();
    const run = await admin(['import', 'organisations', file, ...api]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('nothing was imported');
    expect(run.stderr).toContain('line 3: odsCode: an ODS code: 3 to 10 letters or digits');
    expect(run.stderr).toMatch(/line 4: name: /);
    expect(run.stderr).toMatch(/line 4: kind: /);
    expect(run.stderr).toContain('line 5: repeats line 2');
    expect(run.stderr).toMatch(/line 6: matches existing org_\S+ but differs in name/);
    expect(run.stderr).not.toContain('line 2:');
    expect(await system.db.prisma.organisation.count()).toBe(before);
  });

  it('names unknown columns and unknown referenced records', async () => {
    const practices = csv(
      'bad-practices.csv',
      ['name,odsCode,isTrainingPractice,hub,colour', 'Lost Practice,LOST1,maybe,No Such Hub,blue'].join('\n'),
    );
    const run = await admin(['import', 'practices', practices, ...api]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('line 2: hubId: no hub with id or name "No Such Hub"');
    expect(run.stderr).toContain('line 2: colour: unknown column');
    expect(run.stderr).toMatch(/line 2: isTrainingPractice: /);
    expect(await system.db.prisma.practice.count({ where: { odsCode: 'LOST1' } })).toBe(0);

    const programmes = csv(
      'bad-programmes.csv',
      'name,role,universities\nMSc Nowhere,advanced_practitioner,University of Bolton;Atlantis\n',
    );
    const second = await admin(['import', 'programmes', programmes, ...api]);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('line 2: universityIds.1: no university with id or name "Atlantis"');
  });

  it('creates a user and prints their token once; the token works; revoke-tokens ends it', async () => {
    const hub = (await system.admin.get('/api/hubs')).body.items[0];
    const run = await admin(
      ['create-user', '--name', 'Jo Lead', '--email', 'jo@example.nhs.uk', '--role', 'hub_lead', '--hub-id', hub.id],
      {
        ADMIN_TOKEN: TEST_ADMIN_TOKEN,
        TRAINFLOW_API_URL: system.baseUrl,
      },
    );
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    const token = /^(tf_\S+)$/m.exec(run.stdout)?.[1];
    expect(token).toBeDefined();
    const me = await system.as(token!).get('/api/me');
    expect(me.body).toMatchObject({ name: 'Jo Lead', role: 'hub_lead', scope: { hubId: hub.id } });

    const revoke = await admin(['revoke-tokens', '--user-id', me.body.id, ...api]);
    expect({ code: revoke.code, stderr: revoke.stderr }).toEqual({ code: 0, stderr: '' });
    expect((await system.as(token!).get('/api/me')).status).toBe(401);
  });

  it('create-user --invite emails an invitation instead of printing a token', async () => {
    const before = system.smtp.received.length;
    const run = await admin([
      'create-user',
      '--name',
      'Ivy Invite',
      '--email',
      'ivy@example.nhs.uk',
      '--role',
      'hee_staff',
      '--invite',
      ...api,
    ]);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/Invitation emailed to ivy@example\.nhs\.uk; its link works once, until 20\d\d-/);
    expect(run.stdout).not.toMatch(/tf_/);
    const [email] = (await system.smtp.waitFor(before + 1)).slice(before);
    expect(email!.to).toEqual(['ivy@example.nhs.uk']);
    expect(email!.text).toMatch(/\/sign-in\/email\/tfsl_/);
  });

  it('issues a named token with an expiry, lists it, and revokes just that one', async () => {
    const user = await system.admin.post('/api/users', { name: 'Int Egration', email: 'int@example.nhs.uk', role: 'hee_staff' });
    const issued = await admin([
      'issue-token',
      '--user-id',
      user.body.id,
      '--token-name',
      'Reporting',
      '--expires-at',
      '2099-01-01T00:00:00Z',
      ...api,
    ]);
    expect({ code: issued.code, stderr: issued.stderr }).toEqual({ code: 0, stderr: '' });
    const [, tokenId, token] = /^New token (\S+) .* valid until 2099-01-01T00:00:00\.000Z, shown once:\n(tf_\S+)$/m.exec(issued.stdout)!;
    const listed = await admin(['list-tokens', '--user-id', user.body.id, ...api]);
    expect(listed.stdout).toMatch(new RegExp(`^${tokenId}  active .* expires 2099-01-01T00:00:00.000Z  Reporting$`, 'm'));
    expect(listed.stdout).not.toContain(token!.split('.')[1]);
    const revoked = await admin(['revoke-token', '--user-id', user.body.id, '--token-id', tokenId!, ...api]);
    expect({ code: revoked.code, stderr: revoked.stderr }).toEqual({ code: 0, stderr: '' });
    expect((await system.as(token!).get('/api/me')).status).toBe(401);
    expect((await system.as(user.body.token).get('/api/me')).status).toBe(200);
  });

  it('deactivate-user marks someone who has left as deactivated', async () => {
    const user = await system.admin.post('/api/users', { name: 'Lee Gone', email: 'lee.gone@example.nhs.uk', role: 'hee_staff' });
    const run = await admin(['deactivate-user', '--user-id', user.body.id, ...api]);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    expect((await system.as(user.body.token).get('/api/me')).status).toBe(401);
    expect((await system.admin.get(`/api/users/${user.body.id}`)).body.deactivatedAt).toEqual(expect.any(String));
  });

  it('refuses a user without the scope their role needs, naming the flag, and creates nobody', async () => {
    const before = await system.db.prisma.user.count();
    const run = await admin(['create-user', '--name', 'No Org', '--email', 'no.org@example.org', '--role', 'org_submitter', ...api]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--organisation-id: required for the org_submitter role');
    const unknown = await admin([
      'create-user',
      '--name',
      'No Org',
      '--email',
      'no.org@example.org',
      '--role',
      'org_submitter',
      '--organisation-id',
      'org_nope',
      ...api,
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('body.organisationId: no such organisation');
    expect(await system.db.prisma.user.count()).toBe(before);
  });

  it('says what is missing without a token, and when the API cannot be reached', async () => {
    const noToken = await admin(['list', 'hubs', '--api', system.baseUrl]);
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toContain('No token');
    const badToken = await admin(['list', 'hubs', '--api', system.baseUrl, '--token', 'wrong-token-wrong-token']);
    expect(badToken.code).toBe(1);
    expect(badToken.stderr).toContain('401');
    const unreachable = await admin(['list', 'hubs', '--api', 'http://127.0.0.1:9', '--token', TEST_ADMIN_TOKEN]);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain('Cannot reach the API');
  });
});
