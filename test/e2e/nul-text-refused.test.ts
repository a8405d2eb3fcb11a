/**
 * The NUL character (U+0000), which the database can never store, refused with the request on
 * real servers: 400 naming the field, nothing written, and no workflow started or asked anything
 * (its id, derived from the Idempotency-Key, names no workflow afterwards: read from Temporal's
 * own record, not its eventually consistent list).
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import { newId } from '../../api/routes/ids';
import { commissioningWorkflowId } from '../../workflows/commissioning.messages';
import { createRegion, createUser, eoiBody, type Region, type RegionUser } from '../support/region';
import { startTestSystem, type TestSystem } from '../support/system';
import { inputValue } from '../support/web-client';
import { signedInByEmailLink } from '../support/web-sign-in';

const NUL = '\u0000';

describe('text with a NUL character', () => {
  let system: TestSystem;
  let region: Region;
  let admin: RegionUser;

  beforeAll(async () => {
    system = await startTestSystem();
    region = await createRegion(system);
    admin = await createUser(system, { name: 'Ada Admin', email: 'ada@hee.nhs.uk', role: 'admin' });
  });

  afterAll(async () => {
    await system?.stop();
  });

  const noWorkflow = async (workflowId: string) => {
    await expect(system.client.workflow.getHandle(workflowId).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
  };

  it('is refused on an EOI before its process starts', async () => {
    const key = 'nul-eoi-1';
    const body = eoiBody(region, { contact: { ...eoiBody(region).contact, name: `Sam${NUL}Smith` } });
    const answer = await region.submitter.api.post('/api/eois', body, { 'idempotency-key': key });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([{ path: 'body.contact.name', message: 'must not contain the NUL character (U+0000)' }]);
    await noWorkflow(commissioningWorkflowId(newId('eoi', { userId: region.submitter.id, idempotencyKey: key })));
    expect(await system.db.prisma.eoi.count()).toBe(0);
  });

  it('is refused on a rename before the reference-data workflow is asked', async () => {
    const hub = await admin.api.post('/api/hubs', { name: 'Bolton Training Hub', areas: ['Bolton'] });
    expect(hub.status).toBe(201);
    const key = 'nul-rename-1';
    const answer = await admin.api.request('PATCH', `/api/hubs/${hub.body.id}`, { name: `Bolton${NUL}Hub` }, { 'idempotency-key': key });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([{ path: 'body.name', message: 'must not contain the NUL character (U+0000)' }]);
    await noWorkflow(`reference-rename-${newId('rename', { userId: admin.id, idempotencyKey: key })}`);
    expect((await admin.api.get(`/api/hubs/${hub.body.id}`)).body.name).toBe('Bolton Training Hub');
  });

  it('is refused in a query or a list of rows, naming where', async () => {
    const audit = await system.admin.get(`/api/audit-events?subjectId=${encodeURIComponent(`x${NUL}`)}`);
    expect([audit.status, audit.body.errors]).toEqual([
      400,
      [{ path: 'query.subjectId', message: 'must not contain the NUL character (U+0000)' }],
    ]);
    const rows = await region.staff.api.put('/api/fair-share/periods/2025-26/workforce', {
      rows: [
        { organisationId: region.organisation.id, profession: 'physiotherapy', wte: 3 },
        { organisationId: `${region.organisation.id}${NUL}`, profession: 'physiotherapy', wte: 2 },
      ],
    });
    expect([rows.status, rows.body.errors]).toEqual([
      400,
      [{ path: 'body.rows.1.organisationId', message: 'must not contain the NUL character (U+0000)' }],
    ]);
  });

  it('is refused on a page with the error summary beside the field, and nobody is created', async () => {
    const browser = await signedInByEmailLink(system, admin.email);
    const form = await browser.get('/users/new');
    expect(form.status).toBe(200);
    const answer = await browser.post('/users/new', {
      _csrf: inputValue(form.text, '_csrf')!,
      formKey: inputValue(form.text, 'formKey')!,
      name: `Nul${NUL}Person`,
      email: 'nul.person@hee.nhs.uk',
      role: 'hee_staff',
    });
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('There is a problem');
    expect(answer.text).toContain('href="#name"');
    expect(answer.text).toContain('Must not contain the NUL character (U+0000)');
    expect(await system.db.prisma.user.count({ where: { email: 'nul.person@hee.nhs.uk' } })).toBe(0);
  });
});
